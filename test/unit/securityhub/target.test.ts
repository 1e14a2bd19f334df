/** Where findings go: the account's default product ARN, from an account and a Region or read back from the ARN. */
import { partitionOf, productArnProblem, securityHubTarget, targetOfProductArn } from '../../../lambda/securityhub/target.js';

describe('securityHubTarget', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['eu-central-2', 'aws'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
  ])('builds the default product ARN for %s in partition %s', (region, partition) => {
    expect(securityHubTarget('123456789012', region)).toEqual({
      partition,
      region,
      accountId: '123456789012',
      productArn: `arn:${partition}:securityhub:${region}:123456789012:product/123456789012/default`,
    });
    expect(partitionOf(region)).toBe(partition);
  });

  it.each([
    ['12345678901', 'us-east-1', 'must be a 12-digit AWS account id, got "12345678901"'],
    ['1234567890123', 'us-east-1', 'must be a 12-digit AWS account id'],
    ['12345678901a', 'us-east-1', 'must be a 12-digit AWS account id'],
    ['123456789012', 'US-EAST-1', 'must be an AWS Region name such as us-east-1, got "US-EAST-1"'],
    ['123456789012', 'us-east-1; rm -rf', 'must be an AWS Region name'],
    ['123456789012', '', 'must be an AWS Region name'],
  ])('refuses account %j in Region %j', (account, region, message) => {
    expect(() => securityHubTarget(account, region)).toThrow(message);
  });
});

describe('targetOfProductArn', () => {
  it('reads the partition, Region and account back from the ARN the stack sets', () => {
    const arn = 'arn:aws-cn:securityhub:cn-north-1:123456789012:product/123456789012/default';
    expect(targetOfProductArn(arn)).toEqual({ partition: 'aws-cn', region: 'cn-north-1', accountId: '123456789012', productArn: arn });
    expect(productArnProblem(arn)).toBeUndefined();
  });

  it.each([
    'arn:aws:securityhub:us-east-1::product/aws/guardduty',
    'arn:aws:securityhub:us-east-1:123456789012:product/123456789012/custom',
    'arn:aws:securityhub:us-east-1:123456789012:product/999999999999/default',
    'arn:aws-iso:securityhub:us-iso-east-1:123456789012:product/123456789012/default',
    'arn:aws:securityhub:cn-north-1:123456789012:product/123456789012/default',
  ])('refuses %s', (arn) => {
    expect(() => targetOfProductArn(arn)).toThrow(/^must be the default product ARN arn:<partition>:securityhub:<region>:<account>:product\/<account>\/default/);
  });
});
