import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AuditorPropsError, FastlyComplianceAuditor } from '../../../lib/fastly-compliance-auditor.js';
import { acknowledgementsUnder, auditorInVpcStack, auditorStack, examplePolicy, logicalIdOf, PRIVATE_SUBNET_IDS, testApp } from '../../helpers/cdk.js';

const ENI_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
];

describe('FastlyComplianceAuditor in a VPC', () => {
  const stack = auditorInVpcStack();
  const template = Template.fromStack(stack);
  const groupId = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'AuditorFunctionSecurityGroup');
  const roleId = logicalIdOf(template, 'AWS::IAM::Role', 'AuditorFunctionRole');
  const policyId = logicalIdOf(template, 'AWS::IAM::Policy', 'AuditorFunctionVpcAccessPolicy');

  it('places the function in the private subnets with its own security group', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: Match.exact({
        SubnetIds: PRIVATE_SUBNET_IDS,
        SecurityGroupIds: [{ 'Fn::GetAtt': [groupId, 'GroupId'] }],
      }),
    });
  });

  it('gives the security group HTTPS out to anywhere and nothing in', () => {
    const group = template.findResources('AWS::EC2::SecurityGroup')[groupId];
    expect(group?.Properties).toEqual({
      GroupDescription: 'Fastly compliance auditor function: HTTPS out only, nothing in',
      VpcId: 'vpc-0123456789abcdef0',
      SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', Description: 'HTTPS to the Fastly API and the AWS APIs', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 }],
    });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    template.resourceCountIs('AWS::EC2::SecurityGroupEgress', 0);
  });

  it('grants the network-interface actions in a policy of their own, which the function waits for', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        // Sorted: the project's cdk.json minimizes policies.
        Statement: Match.exact([{ Sid: 'ManageVpcNetworkInterfaces', Effect: 'Allow', Action: [...ENI_ACTIONS].sort(), Resource: '*' }]),
      },
    });
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0];
    expect(fn?.DependsOn).toEqual(expect.arrayContaining([policyId]));
    // Lambda's managed VPC policy would grant logs:CreateLogGroup on '*' too: the role has none.
    expect(JSON.stringify(template.findResources('AWS::IAM::Role'))).not.toContain('AWSLambdaVPCAccessExecutionRole');
  });

  it('acknowledges Resource "*" on the network-interface policy only, and leaves no cdk-nag violation', () => {
    const report = new AwsSolutionsChecks().validateScope(auditorInVpcStack({ slack: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' } }));
    expect(report.violations).toEqual([]);
    const vpcAcknowledgements = acknowledgementsUnder(stack).filter(({ path }) => path.includes('VpcAccess'));
    expect(vpcAcknowledgements.map(({ path, id }) => `${path} ${id}`)).toEqual(['TestAuditor/Auditor/FunctionVpcAccessPolicy AwsSolutions-IAM5[Resource::*]']);
  });

  it('uses the chosen subnets when vpcSubnets is set', () => {
    const app = testApp();
    const withVpc = new Stack(app, 'Chosen');
    const vpc = new Vpc(withVpc, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: SubnetType.PUBLIC },
        { name: 'app', subnetType: SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'egress', subnetType: SubnetType.PRIVATE_WITH_EGRESS },
      ],
    });
    new FastlyComplianceAuditor(withVpc, 'Auditor', { policy: examplePolicy(), vpc, vpcSubnets: { subnetGroupName: 'egress' } });
    const chosen = Template.fromStack(withVpc);
    const egressSubnets = Object.keys(chosen.findResources('AWS::EC2::Subnet')).filter((id) => id.startsWith('VpcegressSubnet'));
    expect(egressSubnets).toHaveLength(2);
    chosen.hasResourceProperties('AWS::Lambda::Function', { VpcConfig: { SubnetIds: egressSubnets.map((id) => ({ Ref: id })) } });
  });

  it('rejects vpcSubnets without vpc, naming the prop', () => {
    const build = () => new FastlyComplianceAuditor(new Stack(testApp(), 'NoVpc'), 'Auditor', { policy: examplePolicy(), vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS } });
    expect(build).toThrow(AuditorPropsError);
    expect(build).toThrow('FastlyComplianceAuditor: vpcSubnets is set without vpc: set vpc too, or drop vpcSubnets');
  });

  it('adds no VPC configuration, security group or network-interface policy by default', () => {
    const auditor = auditorStack().auditor;
    const plain = Template.fromStack(Stack.of(auditor));
    expect(auditor.securityGroup).toBeUndefined();
    expect(plain.findResources('AWS::Lambda::Function', { Properties: { VpcConfig: Match.anyValue() } })).toEqual({});
    plain.resourceCountIs('AWS::EC2::SecurityGroup', 0);
    expect(JSON.stringify(plain.toJSON())).not.toContain('ec2:CreateNetworkInterface');
  });

  it('exposes the security group on the construct', () => {
    const auditor = stack.node.findChild('Auditor') as FastlyComplianceAuditor;
    expect(auditor.securityGroup?.node.path).toBe('TestAuditor/Auditor/FunctionSecurityGroup');
  });
});
