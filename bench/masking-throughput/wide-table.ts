import { adminRun, type BenchDatabase } from '../pgbench/bench-database.js';

/** Ten columns of a customer table: three for column rules, free text for the detectors, and plain values. */
const CREATE = `CREATE TABLE wide (
  id          int PRIMARY KEY,
  name        text NOT NULL,
  email       text NOT NULL,
  ssn         text NOT NULL,
  card_number text NOT NULL,
  city        text NOT NULL,
  notes       text,
  amount      numeric(10,2) NOT NULL,
  visits      int NOT NULL,
  created_at  timestamptz NOT NULL
)`;

const FIRST = ['Alice', 'Bruno', 'Chen', 'Dana', 'Emeka', 'Fatima', 'Greta', 'Hiro', 'Ines', 'Jamal', 'Kasia', 'Liam', 'Maya', 'Noor', 'Oscar', 'Priya'];
const LAST = ['Anders', 'Baker', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ivanova', 'Jensen', 'Kowalski', 'Lopez', 'Mensah', 'Nakamura', 'Okafor', 'Patel'];
const CITY = ['Berlin', 'Boston', 'Chicago', 'Dublin', 'Lagos', 'Lisbon', 'Melbourne', 'Mumbai', 'Osaka', 'Paris', 'Seattle', 'Toronto'];

const array = (items: readonly string[]) => `ARRAY[${items.map((s) => `'${s}'`).join(',')}]`;

/**
 * One row per i: names, cities and emails from small lists, SSN- and card-shaped digits, and notes
 * that are mostly plain prose, every tenth mentioning an email and every tenth (offset by five) a phone number.
 */
function insert(rows: number): string {
  return `INSERT INTO wide
SELECT i,
       first || ' ' || last,
       lower(first) || '.' || lower(last) || i || '@example.com',
       lpad((101 + i % 565)::text, 3, '0') || '-' || lpad((1 + i % 99)::text, 2, '0') || '-' || lpad((1 + (i * 7919) % 9999)::text, 4, '0'),
       '4' || lpad(((i::bigint * 2654435761) % 1000000000000000)::text, 15, '0'),
       city,
       CASE
         WHEN i % 10 = 0 THEN 'Asked for the invoice to go to ' || lower(first) || '.' || i || '@mail.example.org instead'
         WHEN i % 10 = 5 THEN 'Call back on (212) 555-' || lpad((i % 10000)::text, 4, '0') || ' after 5pm, prefers mornings'
         WHEN i % 3 = 0 THEN NULL
         ELSE 'Order ' || i || ' shipped from the ' || city || ' warehouse; customer happy with the delivery time'
       END,
       round(((i * 7877) % 1000000) / 100.0, 2),
       (i * 31) % 500,
       timestamptz '2024-01-01 00:00:00+00' + (i % 525600) * interval '1 minute'
FROM (SELECT i,
             (${array(FIRST)})[1 + i % ${FIRST.length}] AS first,
             (${array(LAST)})[1 + (i / ${FIRST.length}) % ${LAST.length}] AS last,
             (${array(CITY)})[1 + i % ${CITY.length}] AS city
      FROM generate_series(1, ${rows}) AS i) AS g`;
}

/** Creates and fills `wide` in the bench database, readable by the bench role; vacuumed so no run pays for hint bits. */
export async function createWideTable(adminUrl: string, db: BenchDatabase, rows: number): Promise<void> {
  const url = new URL(adminUrl);
  url.pathname = `/${db.database}`;
  console.log(`creating table wide (${rows} rows)…`);
  await adminRun(url.toString(), [CREATE, insert(rows), `GRANT SELECT ON wide TO ${db.user}`, 'VACUUM (ANALYZE) wide']);
}
