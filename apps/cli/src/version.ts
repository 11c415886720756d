declare const __EM_CLI_VERSION__: string;

/** The package version, inlined at build time by tsup. */
export const VERSION: string = __EM_CLI_VERSION__;
