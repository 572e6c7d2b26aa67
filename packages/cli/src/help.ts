import {
  CLI_PROVIDER_KEYS,
  environmentHelpLines,
  listDisplayNames,
  listTokenVariables,
} from './providers.js';
import type { HelpTopic } from './usage-error.js';

const STATUSES =
  'connected, connecting, qr_pending, disconnected, logged_out, stopped, failed, pending, unknown';

const EXIT_CODES_TEXT = `Exit codes:
  0    every selected account answered (also when nothing matched)
  1    nothing could be listed: every selected account failed
  2    some accounts failed: the instances that arrived are printed, one line per failed account on stderr
  64   bad usage: an unknown flag or value, an invalid accounts file, or no account configured
  130  interrupted (Ctrl-C)`;

const FILTER_FLAGS = `Filters (repeat a flag or give a comma list for "any of"; different flags combine with AND):
  --provider <key>         ${CLI_PROVIDER_KEYS.join(', ')}
  --account <label>        an account's label (accounts from environment variables are labelled by provider key)
  --status <status>        ${STATUSES}
  --name <name>            the exact name (case-sensitive)
  --name-contains <text>   a part of the name (case-insensitive)
  --phone <phone>          a phone number in any format, compared as E.164 (+5511999999999)
  --id <id>                the provider's instance id`;

const OUTPUT_FLAGS = `Output:
  (default)                an aligned table and a summary line; status in colour on a terminal
  --json                   a JSON array of instances (secrets redacted)
  --ndjson                 one JSON instance per line, streamed as pages arrive
Colour follows the terminal: off when piped or with NO_COLOR set, forced on with FORCE_COLOR.`;

const TUNING_FLAGS = `Requests:
  --concurrency <n>        requests in flight at once across all accounts (default 8)
  --timeout <ms>           per attempt, in milliseconds; "10s" works too (default 30000)
  --retries <n>            retries of a failed request (default 2)`;

const MAIN_HELP = `switchboard: list the WhatsApp gateway instances of your ${listDisplayNames()} accounts in one table.

Usage:
  switchboard instances list [filters] [output] [--accounts <file.json>]
  switchboard instances watch [filters] [--interval 30s] [--ndjson] [--accounts <file.json>]
  switchboard demo [filters] [output] [--watch [--interval 2s]]
  switchboard simulate [--port <n>] [--seed <n>]
  switchboard <command> --help
  switchboard --version

Commands:
  instances list   list the instances of your accounts
  instances watch  print the table, then one line per change, until Ctrl-C
  demo             start the embedded provider simulators on 127.0.0.1, list them, stop: no account needed
  simulate         keep the simulators running and print their base URLs, demo tokens and the variables to export

Accounts come from ${listTokenVariables('and')} (and the matching *_BASE_URL),
or from an accounts file (--accounts). See \`switchboard instances list --help\`.

${EXIT_CODES_TEXT}`;

const INSTANCES_HELP = `Usage: switchboard instances list [filters] [output] [--accounts <file.json>]
       switchboard instances watch [filters] [--interval 30s] [--ndjson] [--accounts <file.json>]

Commands:
  instances list   list the instances of your accounts (alias: instances ls)
  instances watch  print the table, then one line per change, until Ctrl-C

See \`switchboard instances list --help\` and \`switchboard instances watch --help\`.`;

const INSTANCES_LIST_HELP = `Usage: switchboard instances list [filters] [output] [--accounts <file.json>]

Lists the instances of every configured account, across providers, in one table.

Accounts:
  From environment variables, one account per provider, labelled by provider key:
${environmentHelpLines('    ').join('\n')}
  (a *_BASE_URL points an account elsewhere, such as at \`switchboard simulate\`).
  --accounts <file.json>   many accounts instead; the environment variables are then ignored. The file holds
                           an array, or { "accounts": [...] }, of
                           { "provider": "${CLI_PROVIDER_KEYS[0]}", "token": "...", "label": "br-sales", "baseUrl": "https://..." }
                           where "tokenEnv": "NAME" may stand in for "token" to read it from a variable.
                           label and baseUrl are optional; labels must be unique.

${FILTER_FLAGS}

${OUTPUT_FLAGS}

${TUNING_FLAGS}

Failures: the instances that arrived are printed; each failed account gets one line on stderr naming its
provider and label and what went wrong. Tokens are never printed.

Examples:
  switchboard instances list --status connected
  switchboard instances list --provider ${CLI_PROVIDER_KEYS.slice(1, 3).join(',')} --name-contains sales --json > instances.json
  switchboard instances list --accounts accounts.json --status disconnected,logged_out

${EXIT_CODES_TEXT}`;

const WATCH_OUTPUT = `Output:
  (default)                the table of the first poll, then one line per event as it happens:
                           time, event, provider, account, id, name, and \`field old → new\` for each change
                           (added and removed show the status); colour on a terminal
  --ndjson                 no table: one JSON event per line ({"type":"added","instance":{…}}, "changed" with
                           "previous" and "changes", "removed", "synced", "failed"), instances as in --json
A failed poll prints a line on stderr naming the account (never its token); the account keeps its last
known instances and is polled again with backoff, up to 5 minutes apart.`;

const INSTANCES_WATCH_HELP = `Usage: switchboard instances watch [filters] [--interval 30s] [--ndjson] [--accounts <file.json>]

Polls every selected account and prints what changes, until Ctrl-C (exit 0). Accounts as for
\`instances list\` (the *_TOKEN variables, or --accounts).

  --interval <duration>    how often each account is polled: 30s, 1m, 1m30s, 1500ms (default 30s, at least 1s);
                           polls share --concurrency and each provider's rate limit with every other request

${FILTER_FLAGS}

${WATCH_OUTPUT}

${TUNING_FLAGS}

Examples:
  switchboard instances watch --status connected,disconnected,logged_out
  switchboard instances watch --provider ${CLI_PROVIDER_KEYS[0]} --interval 1m --ndjson | jq -c 'select(.type == "changed")'`;

const DEMO_HELP = `Usage: switchboard demo [filters] [output] [--seed <n>] [--watch [--interval 2s]]

Starts the embedded provider simulators on 127.0.0.1 with a made-up data set (every status, a few hundred
instances over several pages for providers that page, two accounts of one provider, every provider of the
registry), lists them through the same code as
\`instances list\`, prints the table and the summary, and stops them. No account or network needed.

${FILTER_FLAGS}

${OUTPUT_FLAGS}

${TUNING_FLAGS}
  --seed <n>               seed of the made-up instances (default 1)
  --watch                  keep going: instances change about every second, and each change is printed as
                           \`instances watch\` prints it, until Ctrl-C
  --interval <duration>    with --watch, how often each account is polled (default 2s, at least 1s)

Examples:
  switchboard demo
  switchboard demo --watch
  switchboard demo --status qr_pending,connecting
  switchboard demo --provider ${CLI_PROVIDER_KEYS[1]} --json`;

const SIMULATE_HELP = `Usage: switchboard simulate [--port <n>] [--seed <n>]

Starts the demo's provider simulators on 127.0.0.1 and keeps them running until Ctrl-C. Prints each
simulator's base URL and demo token, the environment variables to export for \`switchboard instances list\`,
and an accounts file holding every demo account.

  --port <n>               port of the main simulator server (default 4010; 0 picks a free one)
  --seed <n>               seed of the made-up instances (default 1)`;

const HELP_PAGES: Record<HelpTopic, string> = {
  main: MAIN_HELP,
  instances: INSTANCES_HELP,
  'instances list': INSTANCES_LIST_HELP,
  'instances watch': INSTANCES_WATCH_HELP,
  demo: DEMO_HELP,
  simulate: SIMULATE_HELP,
};

/** The full help page of a command. */
export function helpText(topic: HelpTopic): string {
  return HELP_PAGES[topic];
}

/** The usage lines shown under a usage error: the head of the help page, up to its first blank line. */
export function usageText(topic: HelpTopic): string {
  const page = HELP_PAGES[topic];
  const start = page.indexOf('Usage:');
  const usage = page.slice(start);
  const end = usage.indexOf('\n\n');
  const command = topic === 'main' ? 'switchboard --help' : `switchboard ${topic} --help`;
  return `${end === -1 ? usage : usage.slice(0, end)}\nRun \`${command}\` for more.`;
}
