/** Shared set-up for the CDK tests: apps with the project's cdk.json flags, the example policy. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Vpc, type IVpc } from 'aws-cdk-lib/aws-ec2';
import type { IConstruct } from 'constructs';
import { loadPolicyFile } from '../../lambda/policy/load.js';
import type { Policy } from '../../lambda/policy/schema.js';
import { FastlyComplianceAuditorStack } from '../../lib/auditor-stack.js';
import { FastlyComplianceAuditor, type FastlyComplianceAuditorProps } from '../../lib/fastly-compliance-auditor.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The context cdk.json gives the real app: feature flags and the context defaults. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(`${REPO_ROOT}cdk.json`, 'utf8')) as { context: Record<string, unknown> };
  return cdkJson.context;
}

/** An App with cdk.json's context; bundling is skipped unless `bundle` is set. */
export function testApp(context: Record<string, unknown> = {}, bundle = false): App {
  return new App({ context: { ...cdkJsonContext(), ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }), ...context } });
}

export function examplePolicy(): Policy {
  return loadPolicyFile(`${REPO_ROOT}policy.json`);
}

export function auditorStack(props: Partial<FastlyComplianceAuditorProps> = {}, app: App = testApp()): FastlyComplianceAuditorStack {
  return new FastlyComplianceAuditorStack(app, 'TestAuditor', { auditor: { policy: examplePolicy(), ...props } });
}

export function templateOf(props: Partial<FastlyComplianceAuditorProps> = {}): Template {
  return Template.fromStack(auditorStack(props));
}

/** The private (NAT-routed) subnets of importedVpc. */
export const PRIVATE_SUBNET_IDS = ['subnet-0aaa1111', 'subnet-0bbb2222'];

/** An existing VPC, imported by literal ids: no lookup, so synth stays offline. */
export function importedVpc(scope: Stack): IVpc {
  return Vpc.fromVpcAttributes(scope, 'ExistingVpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    publicSubnetIds: ['subnet-0ccc3333', 'subnet-0ddd4444'],
    publicSubnetRouteTableIds: ['rtb-0ccc3333', 'rtb-0ddd4444'],
    privateSubnetIds: PRIVATE_SUBNET_IDS,
    privateSubnetRouteTableIds: ['rtb-0aaa1111', 'rtb-0bbb2222'],
  });
}

/** A stack named like auditorStack's, whose auditor runs in importedVpc. */
export function auditorInVpcStack(props: Partial<FastlyComplianceAuditorProps> = {}, app: App = testApp()): Stack {
  const stack = new Stack(app, 'TestAuditor');
  new FastlyComplianceAuditor(stack, 'Auditor', { policy: examplePolicy(), vpc: importedVpc(stack), ...props });
  return stack;
}

export interface Acknowledgement {
  path: string;
  id: string;
  reason: unknown;
}

/** Every `Validations.of(x).acknowledge()` under a scope, read back from construct metadata. */
export function acknowledgementsUnder(scope: IConstruct): Acknowledgement[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, unknown>).map(([key, reason]) => ({
          path: construct.node.path,
          // Stored as 'Annotation::<id>' by aws-cdk-lib >= 2.262.1; cdk-nag strips the prefix too.
          id: key.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

/** The single resource of a type whose logical id starts with a prefix. */
export function logicalIdOf(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, found ${ids.join(', ') || 'none'}`);
  return ids[0] as string;
}

/** A fleet of `count` accounts named account-<n>, each with its secret fastly-auditor/account-<n>. */
export function fleetAccounts(count: number): { name: string; tokenSecretName: string }[] {
  return Array.from({ length: count }, (_, index) => ({ name: `account-${index + 1}`, tokenSecretName: `fastly-auditor/account-${index + 1}` }));
}

/** A state machine's definition, parsed: each CloudFormation reference in it shown as <Ref> or <Id.Attribute>. */
export function stateMachineDefinition(template: Template): Record<string, unknown> {
  const [machine, ...others] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  if (!machine || others.length > 0) throw new Error('expected exactly one state machine');
  const definition = (machine as { Properties: { DefinitionString: unknown } }).Properties.DefinitionString;
  const parts = typeof definition === 'string' ? [definition] : (definition as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  const text = parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const reference = part as { Ref?: string; 'Fn::GetAtt'?: string[] };
      return reference.Ref !== undefined ? `<${reference.Ref}>` : `<${(reference['Fn::GetAtt'] ?? []).join('.')}>`;
    })
    .join('');
  return JSON.parse(text) as Record<string, unknown>;
}
