/**
 * What Secrets Manager accepts as a secret name: the construct's `tokenSecretName` and each
 * account's `tokenSecretName` in the accounts file are checked against it before anything deploys.
 */
export const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
export const SECRET_NAME_RULE = 'a Secrets Manager secret name (1 to 512 of A-Z a-z 0-9 / _ + = . @ -)';
