/** The help pages there are, by the command they describe. */
export type HelpTopic = 'main' | 'instances' | 'instances list' | 'instances watch' | 'demo' | 'simulate';

/**
 * Something the user must fix in the command line or the configuration: an unknown flag, a bad
 * value, an unreadable accounts file, no account at all. The CLI prints the message (and, when
 * `helpTopic` is set, that command's usage) and exits 64.
 */
export class UsageError extends Error {
  readonly helpTopic: HelpTopic | undefined;
  constructor(message: string, helpTopic?: HelpTopic) {
    super(message);
    this.name = 'UsageError';
    this.helpTopic = helpTopic;
  }
}
