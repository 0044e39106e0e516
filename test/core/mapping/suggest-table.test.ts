import { describe, expect, it } from 'vitest';
import type { ColumnType } from '../../../src-shared/domain/inspection';
import { mappingFromSuggestions, suggestMappings } from '../../../src-shared/mapping/suggest-mapping';
import { ColumnTally, inferTextCellType } from '../../../src-main/core/sources/infer-types';
import { experienceEventSchema, profileSchema } from '../xdm/helpers';

/**
 * Suggestions by name, type and values, as a table: (column as a public export names it, a few of
 * its values) → the destination expected, or null when nothing fits well enough to propose.
 * Each file is suggested together, as the app does (a column's neighbours matter: an item's price
 * follows its SKU). Types are inferred from the values by the app's own inference.
 */
type Row = [column: string, values: string[], expected: string | null];
interface ExportFile {
  source: string;
  schema: 'profile' | 'event';
  rows: Row[];
}

const files: ExportFile[] = [
  {
    source: 'Salesforce, Contacts report export (CSV)',
    schema: 'profile',
    rows: [
      ['FirstName', ['Ada', 'Linus'], 'person.name.firstName'],
      ['LastName', ['Lovelace', 'Torvalds'], 'person.name.lastName'],
      ['Email', ['ada@example.com', 'linus@example.org'], 'personalEmail.address'],
      ['MobilePhone', ['+1 415 555 0100', '+44 20 7946 0958'], 'mobilePhone.number'],
      ['Birthdate', ['1980-02-01', '1969-12-28'], 'person.birthDate'],
      ['MailingStreet', ['1 Main St', '22 Rue Vieille'], 'mailingAddress.street1'],
      ['MailingCity', ['Boston', 'Lyon'], 'mailingAddress.city'],
      ['MailingPostalCode', ['02110', '69001'], 'mailingAddress.postalCode'],
      ['MailingCountry', ['United States', 'France'], 'mailingAddress.country'],
      ['CreatedDate', ['2024-01-02T10:00:00.000Z', '2024-02-03T11:30:00.000Z'], null],
      ['LastModifiedDate', ['2024-03-02T10:00:00.000Z', '2024-04-03T11:30:00.000Z'], null],
      ['LeadSource', ['Web', 'Partner Referral'], null],
      ['MailingCountryCode', ['US', 'FR'], 'mailingAddress.countryCode'],
    ],
  },
  {
    source: 'HubSpot, contacts export (CSV)',
    schema: 'profile',
    rows: [
      ['Contact ID', ['51', '52'], 'personID'],
      ['First Name', ['Ada', 'Linus'], 'person.name.firstName'],
      ['Last Name', ['Lovelace', 'Torvalds'], 'person.name.lastName'],
      ['Email', ['ada@example.com', 'linus@example.org'], 'personalEmail.address'],
      ['Phone Number', ['+1 415 555 0100', '+33 1 23 45 67 89'], 'mobilePhone.number'],
      ['City', ['Boston', 'Lyon'], 'homeAddress.city'],
      // "State/Region" names two fields equally: the steward picks.
      ['State/Region', ['Massachusetts', 'Rhone'], null],
      ['Postal Code', ['02110', '69001'], 'homeAddress.postalCode'],
      ['Create Date', ['2024-03-04 10:22', '2024-03-05 11:00'], null],
      ['Lifecycle Stage', ['lead', 'customer'], null],
      ['Date of birth', ['1980-02-01', '1969-12-28'], 'person.birthDate'],
      ['Job Title', ['CTO', 'Engineer'], null],
    ],
  },
  {
    source: 'Shopify, customers export (customers_export.csv)',
    schema: 'profile',
    rows: [
      ['First Name', ['Ada', 'Linus'], 'person.name.firstName'],
      ['Last Name', ['Lovelace', 'Torvalds'], 'person.name.lastName'],
      ['Email', ['ada@example.com', 'linus@example.org'], 'personalEmail.address'],
      ['Accepts Email Marketing', ['yes', 'no'], null],
      ['Company', ['Acme', 'Initech'], null],
      ['City', ['Toronto', 'Montreal'], 'homeAddress.city'],
      ['Province Code', ['ON', 'QC'], null],
      ['Country Code', ['CA', 'US'], 'homeAddress.countryCode'],
      ['Zip', ['M5V 2T6', 'H2X 1Y4'], 'homeAddress.postalCode'],
      ['Phone', ['+1 416 555 0100', '+1 514 555 0199'], 'mobilePhone.number'],
      ['Total Spent', ['120.50', '88.00'], null],
      ['Total Orders', ['3', '1'], null],
      ['Tags', ['vip', 'wholesale'], null],
      ['Tax Exempt', ['no', 'yes'], null],
    ],
  },
  {
    source: 'Mailchimp, audience export (subscribed_members_export.csv)',
    schema: 'profile',
    rows: [
      ['Email Address', ['ada@example.com', 'linus@example.org'], 'personalEmail.address'],
      ['First Name', ['Ada', 'Linus'], 'person.name.firstName'],
      ['Last Name', ['Lovelace', 'Torvalds'], 'person.name.lastName'],
      // Month/day text is no date: never a date field.
      ['Birthday', ['03/14', '12/28'], null],
      ['MEMBER_RATING', ['2', '5'], null],
      ['OPTIN_TIME', ['2024-01-01 10:00:00', '2024-02-11 08:30:00'], null],
      ['CONFIRM_TIME', ['2024-01-01 10:05:00', '2024-02-11 08:31:00'], null],
      ['TIMEZONE', ['America/New_York', 'Europe/Paris'], null],
      // Codes, but a name that says nothing of what they code: left to the steward.
      ['CC', ['US', 'FR'], null],
      ['NOTES', ['met at fair', 'vip'], null],
    ],
  },
  {
    source: 'Klaviyo, profiles export (CSV)',
    schema: 'profile',
    rows: [
      ['Email', ['ada@example.com', 'linus@example.org'], 'personalEmail.address'],
      ['Phone Number', ['+14155550100', '+447700900123'], 'mobilePhone.number'],
      ['First Name', ['Ada', 'Linus'], 'person.name.firstName'],
      // A column of ISO codes goes to the code field, not the free-text country.
      ['Country', ['US', 'GB'], 'homeAddress.countryCode'],
      ['Zip Code', ['02110', 'SW1A 1AA'], 'homeAddress.postalCode'],
      ['Gender', ['female', 'male'], 'person.gender'],
      ['Profile Created On', ['2024-05-01 10:00:00', '2024-05-02 11:00:00'], null],
      ['Last Active', ['2024-06-01T10:00:00Z', '2024-06-02T11:00:00Z'], null],
    ],
  },
  {
    source: 'XDM Loader sample, customers.csv (issue 15: what suggestions got wrong)',
    schema: 'profile',
    rows: [
      ['customer_id', ['C-0001', 'C-0002'], 'personID'],
      ['created_at', ['2023-01-05T09:00:00Z', '2023-02-06T10:00:00Z'], null],
      ['last_purchase_at', ['2024-04-30T18:22:00Z', '2024-05-01T07:10:00Z'], null],
      ['country', ['FR', 'DE'], 'homeAddress.countryCode'],
      ['nationality', ['FR', 'DE'], 'person.nationality'],
      ['loyalty_points', ['120', '45'], 'loyalty.points'],
    ],
  },
  {
    source: 'XDM Loader sample, events.csv',
    schema: 'event',
    rows: [
      // The required `_id`, not the optional look-alike `eventMergeId`.
      ['event_id', ['692e6607-96e6-4261-a39a-65f588ade34e', 'd8e950e2-e648-4891-b014-16a4ef41f571'], '_id'],
      // No e-mail field in an ExperienceEvent: the column becomes the Email identity instead.
      ['email', ['sofia@example.com', 'adne@example.com'], null],
      ['timestamp', ['2024-05-01T00:43:39Z', '2024-05-01T01:54:49Z'], 'timestamp'],
      ['event_type', ['commerce.purchases', 'commerce.productViews'], 'eventType'],
      ['product_sku', ['SKU-1002-WHT', 'SKU-3300-XL'], 'productListItems[0].SKU'],
      // The item's price (the SKU chose the item), not the order's.
      ['price', ['32.68', '35.75'], 'productListItems[0].priceTotal'],
    ],
  },
  {
    source: 'Google Analytics 4, BigQuery export flattened to CSV (events_YYYYMMDD)',
    schema: 'event',
    rows: [
      // Epoch microseconds are no ISO date-time: never the timestamp as they are.
      ['event_timestamp', ['1714521600000000', '1714521600000001'], null],
      // Epoch milliseconds, which the date-time conversion reads (a Measurement Protocol export).
      ['timestamp_millis', ['1714521600000', '1714608000000'], 'timestamp'],
      ['event_name', ['page_view', 'purchase'], 'eventType'],
      ['user_pseudo_id', ['123.456', '789.012'], null],
      ['page_location', ['https://shop.example/p/1', 'https://shop.example/'], null],
      ['page_title', ['Home', 'Shoes'], null],
      ['transaction_id', ['T-1001', 'T-1002'], null],
      ['item_id', ['SKU-1', 'SKU-2'], 'productListItems[0]._id'],
      ['item_name', ['Shoe', 'Hat'], 'productListItems[0].name'],
      ['quantity', ['1', '2'], 'productListItems[0].quantity'],
      ['price', ['10.5', '20'], 'productListItems[0].priceTotal'],
      ['currency', ['USD', 'EUR'], 'productListItems[0].currencyCode'],
    ],
  },
  {
    source: 'Shopify, orders export (orders_export.csv)',
    schema: 'event',
    rows: [
      ['Id', ['5123456789', '5123456790'], '_id'],
      // A date-time read from its values (the reader keeps the spaced offset as text) goes to a date-time field.
      ['Created at', ['2024-05-01 10:00:00 -0400', '2024-05-02 11:00:00 -0400'], 'commerce.order.createdDate'],
      ['Lineitem quantity', ['1', '3'], 'productListItems[0].quantity'],
      ['Lineitem name', ['Shoe', 'Hat'], 'productListItems[0].name'],
      ['Lineitem price', ['49.00', '15.50'], 'productListItems[0].priceTotal'],
      ['Lineitem sku', ['SHOE-42', 'HAT-M'], 'productListItems[0].SKU'],
      ['Shipping Method', ['Standard', 'Express'], 'commerce.shipping.shippingMethod'],
      ['Billing Country', ['CA', 'US'], 'commerce.billing.address.countryCode'],
      ['Taxes', ['6.37', '2.02'], null],
    ],
  },
];

function typeOf(values: readonly string[]): ColumnType {
  const tally = new ColumnTally();
  for (const v of values) tally.add(inferTextCellType(v));
  return tally.result().type;
}

const trees = { profile: profileSchema().tree, event: experienceEventSchema().tree };

describe('suggestions by name, type and values, over public export columns', () => {
  for (const file of files) {
    it(file.source, () => {
      const columns = file.rows.map(([name, values]) => ({ name, type: typeOf(values), samples: values }));
      const got = Object.fromEntries(suggestMappings(columns, trees[file.schema]).map((s) => [s.column, s.path]));
      const want = Object.fromEntries(file.rows.map(([name, , expected]) => [name, expected]));
      expect(got).toEqual(want);
    });
  }
});

describe('identities for events', () => {
  it('makes the e-mail column of an event file its primary Email identity, by name or by values', () => {
    const columns = [
      { name: 'event_id', type: 'string' as const, samples: ['e-1', 'e-2'] },
      { name: 'contact', type: 'string' as const, samples: ['a@example.com', 'b@example.com'] },
      { name: 'timestamp', type: 'date-time' as const, samples: ['2024-05-01T00:43:39Z', '2024-05-01T01:54:49Z'] },
    ];
    const suggestions = suggestMappings(columns, trees.event);
    expect(mappingFromSuggestions(suggestions, undefined, columns).identities).toEqual([
      { column: 'contact', namespace: 'Email', primary: true, authenticatedState: 'ambiguous' },
    ]);
    const named = [{ name: 'email', type: 'string' as const }];
    expect(mappingFromSuggestions(suggestMappings(named, trees.event), undefined, named).identities).toEqual([
      { column: 'email', namespace: 'Email', primary: true, authenticatedState: 'ambiguous' },
    ]);
  });
});
