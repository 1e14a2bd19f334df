/**
 * The function's network when it runs in a VPC: a security group with HTTPS out and nothing in,
 * and the network-interface permissions Lambda needs there.
 */
import { Validations } from 'aws-cdk-lib';
import { Peer, Port, SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { Policy, PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { ResolvedAuditorProps } from '../auditor-settings.js';

export type FunctionNetwork = NonNullable<ResolvedAuditorProps['network']>;

export function createFunctionSecurityGroup(scope: Construct, network: FunctionNetwork): SecurityGroup {
  const group = new SecurityGroup(scope, 'FunctionSecurityGroup', {
    vpc: network.vpc,
    description: 'Fastly compliance auditor function: HTTPS out only, nothing in',
    allowAllOutbound: false,
  });
  // The Fastly API, and Secrets Manager, SNS and S3 unless the VPC has endpoints for them: all HTTPS.
  group.addEgressRule(Peer.anyIpv4(), Port.tcp(443), 'HTTPS to the Fastly API and the AWS APIs');
  return group;
}

/**
 * The network-interface actions of AWSLambdaVPCAccessExecutionRole, in a policy of their own so
 * that the Resource "*" acknowledgement covers this statement and nothing else.
 */
export function createVpcAccessPolicy(scope: Construct, role: Role): Policy {
  const policy = new Policy(scope, 'FunctionVpcAccessPolicy', {
    roles: [role],
    statements: [
      new PolicyStatement({
        sid: 'ManageVpcNetworkInterfaces',
        actions: [
          'ec2:CreateNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSubnets',
          'ec2:DeleteNetworkInterface',
          'ec2:AssignPrivateIpAddresses',
          'ec2:UnassignPrivateIpAddresses',
        ],
        resources: ['*'],
      }),
    ],
  });
  Validations.of(policy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Lambda creates and deletes the function network interfaces with these actions; the Describe actions work only on Resource "*", and the interface ids are not known before Lambda creates them.',
  });
  return policy;
}
