// A workflow that cannot be used: the message names the file and says what to fix.
export class WorkflowError extends Error {
  constructor(
    /** The file (or folder) at fault. */
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'WorkflowError';
  }
}
