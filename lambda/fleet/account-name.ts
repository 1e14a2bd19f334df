/**
 * An account's name: its key in events, archive paths, file names and FASTLY_API_TOKEN_<NAME>.
 * A module of its own, so the Lambda bundle checks names without the accounts file's schema.
 */
export const ACCOUNT_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const ACCOUNT_NAME_RULE = 'must be 1 to 63 lower-case letters, digits or hyphens, starting with a letter or a digit';
