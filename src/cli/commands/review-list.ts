import type { CliCommand } from '../cli-command.js';
import { parseOptions } from '../cli-command.js';
import { gatewayClient } from '../gateway-client.js';
import { fetchPendingReviews } from '../pending-reviews.js';
import { reviewTable } from '../review-table.js';

/** Piped output has no terminal width; this keeps lines readable in a log or a pager. */
const DEFAULT_WIDTH = 120;

export const reviewList: CliCommand = {
  name: 'review list',
  summary: 'list the pending approval requests you may decide',
  help: `Usage: airlock review list [--json]

Lists the pending approval requests that the identity of AIRLOCK_TOKEN may decide, oldest first,
from the gateway at AIRLOCK_URL (default http://127.0.0.1:8080): id, connection, requesting
identity, command (cut to one line), age and time left before the request expires.

  --json  print one JSON array instead, each object with id, connection, identity, command,
          reasons, tables, impact, reviewers, quorum, approvals, createdAt and expiresAt`,

  async run(args, io) {
    const opts = parseOptions(this, args, { json: { type: 'boolean' } });
    const reviews = await fetchPendingReviews(gatewayClient(io.env));
    if (opts.json) io.stdout.write(JSON.stringify(reviews) + '\n');
    else if (reviews.length === 0) io.stdout.write('no pending approval requests\n');
    else io.stdout.write(reviewTable(reviews, new Date(), io.stdout.columns ?? DEFAULT_WIDTH));
    return 0;
  },
};
