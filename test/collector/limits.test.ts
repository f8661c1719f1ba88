// One set of limits: the collector's receipt schema states the numbers the SDK applies to a
// config (src/receipts/limits.ts), so a config the SDK accepts never makes a receipt the
// collector refuses. Change one without the other and this fails.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as limits from '../../src/receipts/limits.js';
import schema from '../../src/receipts/receipt.schema.json' with { type: 'json' };

const purpose = schema.properties.purposes;
const service = purpose.items.properties.services.items.properties;

void describe('limits shared by the SDK and the collector', () => {
  void it("are the receipt schema's numbers", () => {
    const pairs: [string, number, number][] = [
      ['purposes maxItems', purpose.maxItems, limits.MAX_CATEGORIES],
      ['services maxItems', purpose.items.properties.services.maxItems, limits.MAX_SERVICES],
      ['category id maxLength', purpose.items.properties.category.maxLength, limits.MAX_ID],
      ['service id maxLength', service.id.maxLength, limits.MAX_ID],
      ['title maxLength', purpose.items.properties.title.maxLength, limits.MAX_NAME],
      ['service name maxLength', service.name.maxLength, limits.MAX_NAME],
      ['provider maxLength', service.provider.maxLength, limits.MAX_NAME],
      ['retention maxLength', service.retention.maxLength, limits.MAX_NAME],
      ['controller name maxLength', schema.properties.controller.properties.name.maxLength, limits.MAX_NAME],
      ['controller contact maxLength', schema.properties.controller.properties.contact.maxLength, limits.MAX_NAME],
      ['purpose maxLength', service.purpose.maxLength, limits.MAX_PURPOSE],
      ['thirdParty maxItems', service.thirdParty.oneOf[1]!.maxItems!, limits.MAX_THIRD_PARTIES],
      ['thirdParty name maxLength', service.thirdParty.oneOf[1]!.items!.maxLength, limits.MAX_NAME],
      ['policyUrl maxLength', schema.properties.policyUrl.maxLength, limits.MAX_URL],
      ['revision maximum', schema.properties.revision.maximum, limits.MAX_REVISION],
    ];
    for (const [what, inSchema, inLimits] of pairs) assert.equal(inSchema, inLimits, what);
    assert.ok(limits.MAX_RECEIPT_BYTES <= 64 * 1024, "a receipt at the limit fits the collector's 64 KiB body limit");
  });
});
