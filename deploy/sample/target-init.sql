-- The compose stack's stand-in "production" database (run once by the postgres image's initdb
-- hook against POSTGRES_DB=app). All personal data is fake: card numbers are the issuers' public
-- test numbers (they pass Luhn), SSNs are from the SSA's advertising range 987-65-4320..4329,
-- phone numbers are in the fictional 555-01xx block, emails use example.com/.org/.net.
\set ON_ERROR_STOP on

CREATE TABLE customers (
  id          serial PRIMARY KEY,
  full_name   text NOT NULL,
  email       text NOT NULL UNIQUE,
  phone       text,
  ssn         text,
  card_number text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
  id          serial PRIMARY KEY,
  customer_id int NOT NULL REFERENCES customers(id),
  amount      numeric(10, 2) NOT NULL CHECK (amount >= 0),
  status      text NOT NULL CHECK (status IN ('pending', 'paid', 'shipped', 'refunded')),
  created_at  timestamptz NOT NULL DEFAULT now()
);

INSERT INTO customers (full_name, email, phone, ssn, card_number) VALUES
  ('Ada Lovelace',     'ada@example.com',     '+1-202-555-0101', '987-65-4320', '4111111111111111'),
  ('Alan Turing',      'alan@example.org',    '+1-202-555-0102', '987-65-4321', '5555555555554444'),
  ('Grace Hopper',     'grace@example.net',   '+1-202-555-0103', '987-65-4322', '378282246310005'),
  ('Edsger Dijkstra',  'edsger@example.com',  '+1-202-555-0104', '987-65-4323', '6011111111111117'),
  ('Barbara Liskov',   'barbara@example.org', '+1-202-555-0105', '987-65-4324', '4012888888881881'),
  ('Donald Knuth',     'donald@example.net',  '+1-202-555-0106', '987-65-4325', '5105105105105100');

INSERT INTO orders (customer_id, amount, status)
SELECT 1 + (n % 6), round((10 + (n * 37) % 490)::numeric, 2),
       (ARRAY['pending', 'paid', 'shipped', 'refunded'])[1 + n % 4]
FROM generate_series(1, 60) AS n;

-- The gateway's upstream login; agents never see it. Its password comes from the
-- container's APP_DB_PASSWORD (psql's \getenv), the same variable the gateway reads.
\getenv app_password APP_DB_PASSWORD
CREATE ROLE app_rw LOGIN PASSWORD :'app_password';
GRANT SELECT, INSERT, UPDATE, DELETE ON customers, orders TO app_rw;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO app_rw;
