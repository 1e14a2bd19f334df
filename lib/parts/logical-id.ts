/** Logical ids as cdk-nag names them in its finding ids. */
import { Stack, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The logical id of an L2 construct's resource: cdk-nag names a finding by the id an ARN refers to. */
export function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}
