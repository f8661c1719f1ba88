// A scan that could not run: exit code 2, with a message that names the cause and the remedy.
export type ScanErrorCode =
  'TEMOIN_ERR_SCAN_DRIVER' | 'TEMOIN_ERR_SCAN_BROWSER' | 'TEMOIN_ERR_SCAN_UNREACHABLE' | 'TEMOIN_ERR_SCAN_OPTIONS';

export class ScanError extends Error {
  constructor(
    readonly code: ScanErrorCode,
    message: string,
  ) {
    super(message);
  }
}
