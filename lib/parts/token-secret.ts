/** The secret holding the Fastly API token: created empty, or imported by name. */
import { ArnFormat, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Secret, type CfnSecret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

/** A new, empty, retained secret; or the existing one named `tokenSecretName`. */
export function tokenSecretFor(scope: Construct, tokenSecretName: string | undefined): ISecret {
  if (tokenSecretName !== undefined) return Secret.fromSecretNameV2(scope, 'TokenSecret', tokenSecretName);
  const secret = new Secret(scope, 'TokenSecret', {
    description: 'Fastly API token for the compliance auditor: put the token (or {"token": "..."}) here',
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // Created empty: the L2 would generate a random password, which is never a valid Fastly token.
  (secret.node.defaultChild as CfnSecret).addPropertyDeletionOverride('GenerateSecretString');
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason: 'A Fastly API token is issued in the Fastly console by a person; Secrets Manager cannot rotate it. Rotate it in Fastly and put the new value here.',
  });
  return secret;
}

/**
 * The resource to grant GetSecretValue on. An imported secret's ARN ends in a random suffix: the
 * same `-??????` form fromSecretNameV2 grants use.
 */
export function secretGrantResource(secret: ISecret): string {
  return secret instanceof Secret ? secret.secretArn : `${secret.secretArn}-??????`;
}

/** A secret known by name only (a fleet account's): its ARN with the random suffix matched. */
export function secretNameArn(scope: Construct, secretName: string): string {
  return Stack.of(scope).formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${secretName}-??????`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}
