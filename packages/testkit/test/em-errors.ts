// Stand-ins shaped like @em/core's errors: the kit cannot depend on @em/core (core's tests use the kit).
// Only the class name EMError, the subclassing and the string code matter to isTypedError.
export class EMError extends Error {
  override name = 'EMError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class InvalidOptionError extends EMError {
  constructor(name: string, expected: string, received: unknown) {
    super(
      'INVALID_OPTION',
      `Invalid option ${name}: expected ${expected}, received ${JSON.stringify(received)}.`,
    );
  }
}

export class InvalidInputError extends EMError {
  constructor(name: string, expected: string, received: unknown) {
    super('INVALID_INPUT', `Invalid ${name}: expected ${expected}, received ${JSON.stringify(received)}.`);
  }
}
