/**
 * The demo's "production" database: made-up customers with the kinds of values the gateway must
 * protect (emails, card numbers that pass Luhn, SSNs, API keys). Every value is fake.
 */
export const SAMPLE_SCHEMA = `
CREATE TABLE customers (
  id          int PRIMARY KEY,
  name        text NOT NULL,
  email       text NOT NULL,
  phone       text,
  card_number text,
  ssn         text,
  api_key     text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE orders (
  id          int PRIMARY KEY,
  customer_id int NOT NULL REFERENCES customers(id),
  total_cents int NOT NULL,
  status      text NOT NULL,
  placed_at   timestamptz NOT NULL
);
INSERT INTO customers (id, name, email, phone, card_number, ssn, api_key) VALUES
  (1, 'Ada Lovelace',     'ada@example.com',     '+44 20 7946 0958', '4111 1111 1111 1111', '123-45-6789', 'sk_test_4eC39HqLyjWDarjtT1zdp7dc'),
  (2, 'Grace Hopper',     'grace@example.org',   '+1 202-555-0143',  '5555 5555 5555 4444', '234-56-7891', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'),
  (3, 'Alan Turing',      'alan@example.net',    '+44 161 496 0734', '3782 822463 10005',   '345-67-8912', 'AKIAIOSFODNN7EXAMPLE'),
  (4, 'Katherine Johnson','kj@example.com',      '+1 757-555-0199',  '6011 1111 1111 1117', '456-78-9123', 'xoxb-0000000000-0000000000000-demoDEMOdemo'),
  (5, 'Edsger Dijkstra',  'edsger@example.nl',   '+31 20 794 6000',  '4012 8888 8888 1881', '567-89-1234', 'sk_test_51DemoKeyNotRealAtAll000000');
INSERT INTO orders (id, customer_id, total_cents, status, placed_at)
  SELECT g, 1 + (g % 5), 500 + (g * 37) % 20000, (ARRAY['paid','shipped','refunded'])[1 + g % 3], now() - (g || ' hours')::interval
  FROM generate_series(1, 200) g;
`;
