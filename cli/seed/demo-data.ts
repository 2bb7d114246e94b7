/**
 * A small German home-and-kitchen retailer: the fixed facts behind `ordo seed --demo`.
 * Everything random in the seed is drawn from these lists with a seeded PRNG, so every run
 * produces the same business.
 */

export interface DemoLocation {
  code: string;
  name: string;
  type: 'warehouse' | 'store';
  address: { line1: string; city: string; postalCode: string; country: 'DE' };
  latitude: number;
  longitude: number;
  canShip: boolean;
  canPickup: boolean;
  priority: number;
  dailyOrderCapacity: number | null;
  processingTimeHours: number;
}

export const demoLocations: DemoLocation[] = [
  {
    code: 'BER-WH1', name: 'Berlin Lichtenberg Warehouse', type: 'warehouse',
    address: { line1: 'Herzbergstraße 55', city: 'Berlin', postalCode: '10365', country: 'DE' },
    latitude: 52.5262, longitude: 13.4981, canShip: true, canPickup: false, priority: 10, dailyOrderCapacity: null, processingTimeHours: 24,
  },
  {
    code: 'HAM-WH1', name: 'Hamburg Billbrook Warehouse', type: 'warehouse',
    address: { line1: 'Billbrookdeich 210', city: 'Hamburg', postalCode: '22113', country: 'DE' },
    latitude: 53.5331, longitude: 10.0938, canShip: true, canPickup: false, priority: 20, dailyOrderCapacity: 500, processingTimeHours: 24,
  },
  {
    code: 'MUC-ST1', name: 'München Sendlinger Straße Store', type: 'store',
    address: { line1: 'Sendlinger Straße 28', city: 'München', postalCode: '80331', country: 'DE' },
    latitude: 48.1352, longitude: 11.5694, canShip: true, canPickup: true, priority: 50, dailyOrderCapacity: 40, processingTimeHours: 4,
  },
];

/** [sku, name, price in cents, weight g, length, width, height mm, HS code, origin country] */
export type DemoProductRow = [string, string, number, number, number, number, number, string, string];

export const demoProducts: DemoProductRow[] = [
  ['KIT-CPAN-28', 'Cast Iron Skillet 28 cm', 4990, 3200, 480, 290, 60, '732391', 'DE'],
  ['KIT-SPAN-24', 'Stainless Steel Saucepan 24 cm', 3990, 1450, 420, 250, 130, '732393', 'DE'],
  ['KIT-DOVN-5L', 'Enamelled Dutch Oven 5 L', 8990, 5400, 340, 280, 180, '732391', 'FR'],
  ['KIT-KNIF-CHF', "Chef's Knife 20 cm, forged", 6990, 280, 340, 60, 30, '821192', 'DE'],
  ['KIT-KNIF-SET', 'Knife Block Set, 6 pieces', 12990, 2600, 380, 200, 150, '821192', 'DE'],
  ['KIT-BORD-OAK', 'Oak Cutting Board 40 × 28 cm', 3490, 1800, 400, 280, 30, '441990', 'PL'],
  ['KIT-GRND-PEP', 'Pepper Mill, beech wood', 2490, 350, 210, 60, 60, '821000', 'DE'],
  ['KIT-SCAL-DIG', 'Digital Kitchen Scale 5 kg', 1990, 650, 230, 170, 30, '842310', 'CN'],
  ['KIT-MIXB-SET', 'Stainless Mixing Bowls, set of 3', 2990, 1100, 280, 280, 150, '732393', 'IN'],
  ['KIT-WHSK-30', 'Balloon Whisk 30 cm', 990, 120, 300, 70, 70, '821510', 'DE'],
  ['COF-FPRS-1L', 'French Press 1 L, borosilicate', 3290, 900, 220, 160, 240, '701349', 'CZ'],
  ['COF-GRND-BUR', 'Manual Burr Coffee Grinder', 5490, 620, 190, 70, 70, '821000', 'DE'],
  ['COF-KETL-GSN', 'Gooseneck Kettle 0.9 L', 4490, 750, 290, 150, 170, '732393', 'CN'],
  ['COF-BEAN-ESP', 'Espresso Beans Roma, 1 kg', 1890, 1050, 260, 120, 80, '090121', 'DE'],
  ['COF-BEAN-FLT', 'Filter Coffee Beans Hamburg Blend, 500 g', 1190, 530, 200, 100, 70, '090121', 'DE'],
  ['COF-FILT-102', 'Paper Filters Size 102, 100 pcs', 290, 180, 150, 110, 40, '482390', 'DE'],
  ['COF-CUPS-2PK', 'Double-Wall Espresso Cups, pair', 1990, 320, 160, 80, 80, '701337', 'CZ'],
  ['TEA-POTS-GLS', 'Glass Teapot with Infuser 1.2 L', 2790, 780, 230, 160, 160, '701349', 'CZ'],
  ['TEA-OSTF-250', 'East Frisian Tea Blend, 250 g', 790, 270, 150, 90, 60, '090240', 'DE'],
  ['HOM-TOWL-SET', 'Organic Cotton Towel Set, 4 pieces', 4990, 1900, 350, 250, 160, '630260', 'PT'],
  ['HOM-BEDL-155', 'Linen Bed Set 155 × 220 cm', 11990, 2100, 400, 300, 100, '630231', 'LT'],
  ['HOM-PILW-80', 'Feather Pillow 80 × 80 cm', 5990, 1600, 800, 800, 150, '940490', 'DE'],
  ['HOM-BLNK-WOL', 'Merino Wool Blanket 150 × 200 cm', 8990, 1400, 400, 300, 120, '630120', 'DE'],
  ['HOM-CAND-SOY', 'Soy Wax Candle Cedar, 200 g', 1490, 420, 90, 90, 110, '340600', 'DE'],
  ['HOM-VASE-CER', 'Ceramic Vase, matte sand', 3490, 1250, 180, 180, 300, '691390', 'PT'],
  ['HOM-LAMP-TBL', 'Table Lamp Linen Shade, E27', 6990, 2300, 300, 300, 450, '940520', 'PL'],
  ['HOM-CLCK-WAL', 'Wall Clock Station 30 cm', 3990, 900, 320, 320, 50, '910521', 'DE'],
  ['HOM-MIRR-RND', 'Round Mirror 60 cm, oak frame', 7990, 4200, 640, 640, 40, '700992', 'PL'],
  ['HOM-BSKT-SEA', 'Seagrass Storage Basket, large', 2490, 800, 400, 400, 350, '460219', 'VN'],
  ['HOM-RUGS-120', 'Wool Rug 120 × 180 cm, natural', 14990, 6500, 1200, 300, 300, '570110', 'IN'],
  ['BTH-SOAP-OLV', 'Olive Oil Soap, 3 bars', 990, 330, 150, 90, 60, '340111', 'DE'],
  ['BTH-BRSH-BMB', 'Bamboo Toothbrush, 4 pack', 690, 80, 200, 70, 20, '960321', 'DE'],
  ['BTH-MATS-CTN', 'Cotton Bath Mat 60 × 90 cm', 2990, 900, 300, 200, 60, '630260', 'PT'],
  ['BTH-DISP-GLS', 'Glass Soap Dispenser 350 ml', 1490, 420, 80, 80, 190, '701349', 'DE'],
  ['GAR-HOSE-25M', 'Garden Hose 25 m with fittings', 4490, 3800, 450, 450, 150, '391732', 'DE'],
  ['GAR-SHRS-PRO', 'Bypass Pruning Shears', 2990, 260, 220, 70, 25, '820150', 'DE'],
  ['GAR-GLOV-L', 'Leather Gardening Gloves, size L', 1690, 180, 260, 140, 30, '420329', 'PK'],
  ['GAR-PLNT-40', 'Terracotta Planter 40 cm', 3990, 7800, 420, 420, 360, '691490', 'IT'],
  ['GAR-SEED-HRB', 'Herb Seed Collection, 8 varieties', 1290, 90, 160, 110, 20, '120991', 'DE'],
  ['GAR-CANS-10L', 'Watering Can 10 L, galvanised', 3490, 1500, 550, 200, 400, '732690', 'DE'],
  ['GAR-LGHT-SOL', 'Solar Garden Lights, set of 6', 2990, 1100, 360, 220, 120, '940540', 'CN'],
  ['OUT-BENC-ACA', 'Acacia Garden Bench 120 cm', 18990, 16500, 1240, 560, 180, '940360', 'VN'],
  ['OUT-CHRS-FLD', 'Folding Bistro Chair, anthracite', 5990, 4300, 900, 450, 80, '940171', 'DE'],
  ['OUT-GRIL-KET', 'Kettle Charcoal Grill 57 cm', 16990, 14800, 730, 620, 600, '732111', 'DE'],
  ['OUT-COAL-10K', 'Beech Charcoal Briquettes, 10 kg', 1790, 10200, 550, 350, 150, '440290', 'DE'],
  ['OUT-PICN-BLK', 'Picnic Blanket 200 × 150 cm', 3490, 1200, 380, 280, 100, '630140', 'PL'],
  ['OUT-COOL-24L', 'Cool Box 24 L', 4990, 3100, 500, 330, 360, '392410', 'DE'],
  ['OUT-HAMK-CTN', 'Cotton Hammock with Bag', 6990, 1900, 400, 300, 160, '630699', 'BR'],
  ['OUT-UMBR-300', 'Parasol 300 cm, beige', 9990, 8900, 1800, 180, 180, '660110', 'CN'],
  ['OUT-LANT-LED', 'Rechargeable LED Lantern', 3990, 600, 140, 140, 250, '851340', 'CN'],
];

/** Products the seed leaves without stock at any location, so some orders backorder. */
export const demoOutOfStock = new Set(['OUT-BENC-ACA', 'HOM-RUGS-120']);

/** [city, postal code, latitude, longitude, streets] — real city centres; house numbers are drawn. */
export const demoCities: Array<[string, string, number, number, string[]]> = [
  ['Berlin', '10115', 52.532, 13.3849, ['Invalidenstraße', 'Torstraße', 'Chausseestraße']],
  ['Berlin', '10999', 52.4996, 13.4189, ['Oranienstraße', 'Skalitzer Straße', 'Manteuffelstraße']],
  ['Berlin', '12043', 52.4812, 13.4351, ['Karl-Marx-Straße', 'Sonnenallee', 'Weserstraße']],
  ['Hamburg', '20095', 53.5503, 10.0006, ['Mönckebergstraße', 'Spitalerstraße', 'Steinstraße']],
  ['Hamburg', '22765', 53.5536, 9.9356, ['Ottenser Hauptstraße', 'Bahrenfelder Straße', 'Große Rainstraße']],
  ['München', '80331', 48.1374, 11.5755, ['Kaufingerstraße', 'Rosenstraße', 'Sendlinger Straße']],
  ['München', '80799', 48.1522, 11.5771, ['Amalienstraße', 'Türkenstraße', 'Schellingstraße']],
  ['Köln', '50667', 50.9384, 6.9599, ['Hohe Straße', 'Breite Straße', 'Schildergasse']],
  ['Frankfurt am Main', '60311', 50.1109, 8.6821, ['Zeil', 'Berliner Straße', 'Fahrgasse']],
  ['Stuttgart', '70173', 48.7784, 9.1800, ['Königstraße', 'Calwer Straße', 'Eberhardstraße']],
  ['Düsseldorf', '40213', 51.2254, 6.7763, ['Bolkerstraße', 'Flinger Straße', 'Mittelstraße']],
  ['Leipzig', '04109', 51.3397, 12.3731, ['Grimmaische Straße', 'Petersstraße', 'Nikolaistraße']],
  ['Dresden', '01067', 51.0504, 13.7373, ['Wilsdruffer Straße', 'Schloßstraße', 'Große Meißner Straße']],
  ['Hannover', '30159', 52.3745, 9.7386, ['Georgstraße', 'Bahnhofstraße', 'Karmarschstraße']],
  ['Nürnberg', '90403', 49.4521, 11.0767, ['Karolinenstraße', 'Königstraße', 'Breite Gasse']],
  ['Bremen', '28195', 53.0793, 8.8017, ['Sögestraße', 'Obernstraße', 'Böttcherstraße']],
  ['Freiburg im Breisgau', '79098', 47.9959, 7.8522, ['Kaiser-Joseph-Straße', 'Salzstraße', 'Bertoldstraße']],
  ['Münster', '48143', 51.9607, 7.6261, ['Prinzipalmarkt', 'Ludgeristraße', 'Salzstraße']],
  ['Potsdam', '14467', 52.3989, 13.0657, ['Brandenburger Straße', 'Friedrich-Ebert-Straße', 'Lindenstraße']],
  ['Kiel', '24103', 54.3233, 10.1228, ['Holstenstraße', 'Dänische Straße', 'Schloßstraße']],
];

export const demoFirstNames = [
  'Anna', 'Lukas', 'Sophie', 'Leon', 'Marie', 'Finn', 'Emma', 'Jonas', 'Lena', 'Paul', 'Hannah', 'Felix', 'Mia',
  'Elias', 'Laura', 'Noah', 'Clara', 'Ben', 'Lea', 'Maximilian', 'Johanna', 'Tim', 'Katharina', 'Jan', 'Sarah',
  'Moritz', 'Julia', 'Niklas', 'Frieda', 'Emil', 'Greta', 'Ole', 'Ida', 'Anton', 'Mathilda', 'Karl',
];
export const demoLastNames = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
  'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann',
  'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Krause', 'Meier', 'Lehmann',
];

/** Channels with their share of orders (per mille) and how each channel numbers its orders. */
export const demoChannels: Array<{ channel: string; weight: number; externalId: (n: number, r: () => number) => string }> = [
  { channel: 'web', weight: 350, externalId: (n) => `W${String(100_000 + n)}` },
  { channel: 'app', weight: 150, externalId: (n) => `APP-${String(70_000 + n)}` },
  { channel: 'shopify', weight: 150, externalId: (n) => `#${1000 + n}` },
  { channel: 'amazon', weight: 200, externalId: (_n, r) => `302-${digits(r, 7)}-${digits(r, 7)}` },
  { channel: 'pos', weight: 50, externalId: (n) => `MUC-ST1-${String(n).padStart(6, '0')}` },
  { channel: 'phone', weight: 100, externalId: (n) => `TEL-${String(5000 + n)}` },
];

function digits(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(Math.floor(r() * 10));
  return s;
}

export const demoHoldReasons = [
  'Customer asked to ship together with a second order',
  'Address check: house number missing in the delivery note',
  'Gift order: wait for the customer to confirm the delivery date',
  'Large order from a new customer: manual review',
];

/** GS1 Germany company prefix style (426…); item reference = position in `demoProducts`. */
export const demoGtinCompanyPrefix = '426012345';

/** The box catalog: inner dimensions (mm), the most the contents may weigh, tare (g). Every demo product fits one. */
export const demoBoxes: Array<{ code: string; name: string; dimensionsMm: { length: number; width: number; height: number }; maxWeightGrams: number; tareWeightGrams: number }> = [
  { code: 'S', name: 'Small carton', dimensionsMm: { length: 300, width: 200, height: 150 }, maxWeightGrams: 5_000, tareWeightGrams: 150 },
  { code: 'M', name: 'Medium carton', dimensionsMm: { length: 450, width: 350, height: 250 }, maxWeightGrams: 15_000, tareWeightGrams: 350 },
  { code: 'L', name: 'Large carton', dimensionsMm: { length: 650, width: 500, height: 450 }, maxWeightGrams: 25_000, tareWeightGrams: 700 },
  { code: 'XL', name: 'Bulky: furniture and grills', dimensionsMm: { length: 1300, width: 800, height: 650 }, maxWeightGrams: 40_000, tareWeightGrams: 1_800 },
  { code: 'TUBE', name: 'Long tube: parasols', dimensionsMm: { length: 1900, width: 250, height: 250 }, maxWeightGrams: 15_000, tareWeightGrams: 900 },
];

/** A built-in table-rate carrier (labels, S10 tracking numbers and customs made by Ordo itself). */
export const demoCarrier = { code: 'ordo-post', name: 'Ordo Post (built-in table rates)' };

const euZone = Object.fromEntries(['AT', 'BE', 'CZ', 'DK', 'FR', 'LU', 'NL', 'PL'].map((c) => [c, 'eu']));
export const demoCarrierServices = [
  {
    code: 'parcel', name: 'Parcel', level: 'standard', transitDays: 2,
    calendar: { timeZone: 'Europe/Berlin', workdays: [1, 2, 3, 4, 5, 6], holidays: [] as string[] },
    rates: {
      currency: 'EUR', countryZones: { DE: 'de', ...euZone },
      weightBreaks: [
        { maxGrams: 2_000, prices: { de: 499, eu: 1_299 } },
        { maxGrams: 5_000, prices: { de: 599, eu: 1_499 } },
        { maxGrams: 10_000, prices: { de: 899, eu: 1_999 } },
        { maxGrams: 31_500, prices: { de: 1_499, eu: 2_999 } },
      ],
      perExtraKg: { de: 100, eu: 200 },
    },
  },
  {
    code: 'express', name: 'Express', level: 'express', transitDays: 1,
    calendar: { timeZone: 'Europe/Berlin', workdays: [1, 2, 3, 4, 5], holidays: [] as string[] },
    rates: {
      currency: 'EUR', countryZones: { DE: 'de' },
      weightBreaks: [
        { maxGrams: 5_000, prices: { de: 1_290 } },
        { maxGrams: 31_500, prices: { de: 1_990 } },
      ],
      perExtraKg: { de: 150 },
    },
  },
];
