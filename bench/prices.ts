/**
 * List prices the cost figures use (us-east-1). Inputs, not measurements: change them here.
 * DynamoDB: the brief's figures are the on-demand prices before AWS halved them on 1 Nov 2024
 * ($0.625 / $0.125 per million since); both are reported, the older (higher) one as the main figure.
 */
export const PRICES = {
  asOf: 'us-east-1 list prices; DynamoDB on-demand before the 2024-11-01 cut (and after, for reference)',
  dynamoWritePerMillion: 1.25,
  dynamoReadPerMillion: 0.25,
  dynamoWritePerMillionSince2024_11: 0.625,
  dynamoReadPerMillionSince2024_11: 0.125,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  snsPublishPerMillion: 0.5,
  /** AWS Config: first tier per rule evaluation (cheaper tiers beyond 100,000 a month). */
  configPerRuleEvaluation: 0.001,
  configPerConfigurationItem: 0.003,
  sweepsPerMonth: 730,
} as const;
