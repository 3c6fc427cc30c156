import { describe, expect, it } from 'vitest';
import { decodePolicyDocument, PolicyDocumentError } from '#shared/aws/services/iam/reader.js';
import {
  actionMatches,
  adminGrants,
  appliesToEveryBucket,
  appliesToEverything,
  broadS3Grants,
  coversService,
  statementsOf,
} from '../../../src/rules/iam/policy.js';
import { type Doc, LEAST_PRIVILEGE as SEED_CORRECT } from './iam.js';

const allow = (extra: Doc): Doc => ({ Effect: 'Allow', ...extra });
const deny = (extra: Doc): Doc => ({ Effect: 'Deny', ...extra });
const policy = (...statements: Doc[]): Doc => ({ Version: '2012-10-17', Statement: statements });

function admin(document: Doc, services: string[] = ['iam']) {
  return adminGrants(statementsOf(document), services);
}
function s3(document: Doc, dangerous: string[] = ['s3:DeleteBucket']) {
  return broadS3Grants(statementsOf(document), dangerous).map((g) => `${g.kind}: ${g.text}`);
}

describe('policy documents', () => {
  describe('decoding and normalizing', () => {
    it('decodes the URL-encoded JSON IAM returns, and accepts a document that was never encoded', () => {
      const json = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::a/100%"}}';
      expect(decodePolicyDocument(encodeURIComponent(json), 'p')).toEqual(JSON.parse(json));
      // A literal % in a plain document must not be "decoded".
      expect(decodePolicyDocument(json, 'p')).toEqual(JSON.parse(json));
    });

    it('throws PolicyDocumentError (an ERROR finding) on a document that is not JSON', () => {
      expect(() => decodePolicyDocument('%7Bnot-json', 'arn:aws:iam::123456789012:policy/broken')).toThrow(
        new PolicyDocumentError('the policy document of arn:aws:iam::123456789012:policy/broken is not URL-encoded JSON'),
      );
    });

    it('reads Statement as an object or an array, Action and Resource as a string or a list', () => {
      const single = statementsOf({ Statement: { Sid: 'One', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } });
      const list = statementsOf(policy(allow({ Action: ['a:B', 'c:D'], Resource: ['x', 'y'], Condition: { Bool: { 'aws:SecureTransport': 'true' } } })));

      expect(single).toEqual([
        { index: 1, sid: 'One', effect: 'Allow', action: ['s3:GetObject'], notAction: undefined, resource: ['*'], notResource: undefined, conditional: false },
      ]);
      expect(list[0]).toMatchObject({ action: ['a:B', 'c:D'], resource: ['x', 'y'], conditional: true });
      expect(statementsOf({ Version: '2012-10-17' })).toEqual([]);
    });

    it('refuses shapes IAM would refuse rather than guess', () => {
      expect(() => statementsOf(policy({ Action: '*', Resource: '*' }))).toThrow(/Effect is undefined/);
      expect(() => statementsOf(policy(allow({ Action: '*', NotAction: 'iam:*', Resource: '*' })))).toThrow(/exactly one of Action and NotAction/);
      expect(() => statementsOf(policy(allow({ Action: 42, Resource: '*' })))).toThrow(/Action is neither a string nor a list/);
      expect(() => statementsOf('[]')).toThrow(PolicyDocumentError);
    });

    it('matches actions case-insensitively and resources case-sensitively', () => {
      expect(actionMatches('S3:delete*', 's3:DeleteBucket')).toBe(true);
      expect(actionMatches('s3:Get?bject', 's3:GetObject')).toBe(true);
      expect(actionMatches('s3:Get*', 's3:PutObject')).toBe(false);
      const [upper] = statementsOf(policy(allow({ Action: 'IAM:*', Resource: 'ARN:AWS:S3:::*' })));
      expect(upper && coversService(upper, 'iam')).toBe(true);
      expect(upper && appliesToEveryBucket(upper)).toBe(false);
    });

    it('matches a hostile pattern from the scanned account in linear time, not by backtracking', () => {
      // 20 `?` between stars against a 49-character probe ARN: a `.*`/`.` regex tries about C(49, 20) splits.
      const hostile = `${'*?'.repeat(20)}#`;
      const [resource, action] = statementsOf(policy(allow({ Action: '*', Resource: hostile }), allow({ Action: hostile, Resource: '*' })));
      const start = performance.now();
      expect(resource && appliesToEverything(resource)).toBe(false);
      expect(actionMatches(hostile, `s3:${'GetObject'.repeat(6)}`)).toBe(false);
      expect(action && coversService(action, 'iam')).toBe(false);
      expect(performance.now() - start).toBeLessThan(500);
    });

    it('treats "*", "arn:aws:*:*:*:*" and NotResource as every resource, "arn:aws:s3:::*" as every bucket only', () => {
      const [star, arnStar, notResource, buckets, objects, named] = statementsOf(
        policy(
          allow({ Action: '*', Resource: '*' }),
          allow({ Action: '*', Resource: 'arn:aws:*:*:*:*' }),
          allow({ Action: '*', NotResource: 'arn:aws:s3:::audit-logs/*' }),
          allow({ Action: '*', Resource: 'arn:aws:s3:::*' }),
          allow({ Action: '*', Resource: 'arn:aws:s3:::*/*' }),
          allow({ Action: '*', Resource: 'arn:aws:s3:::retainwise-*/*' }),
        ),
      );
      expect([star, arnStar, notResource, buckets].map((s) => s && appliesToEverything(s))).toEqual([true, true, true, false]);
      expect([buckets, objects, named].map((s) => s && appliesToEveryBucket(s))).toEqual([true, true, false]);
    });
  });

  describe('adminGrants', () => {
    it('1. Action "*" on "*" in a single-object Statement is administrator access', () => {
      expect(admin({ Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }).grants).toEqual([
        { statement: 'statement 1', kind: 'every-action', conditional: false, text: 'Allow "*" on "*"' },
      ]);
    });

    it('2. "*:*" is every action too; "iam:*" counts through adminServices only', () => {
      expect(admin(policy(allow({ Action: '*:*', Resource: '*' }))).grants.map((g) => g.kind)).toEqual(['every-action']);
      expect(admin(policy(allow({ Sid: 'IamAll', Action: 'iam:*', Resource: '*' }))).grants).toEqual([
        { statement: 'statement "IamAll"', kind: 'service', service: 'iam', conditional: false, text: 'Allow every iam action ("iam:*") on "*"' },
      ]);
      expect(admin(policy(allow({ Action: 'iam:*', Resource: '*' })), []).grants).toEqual([]);
      expect(admin(policy(allow({ Action: ['s3:*', 'ec2:*'], Resource: '*' }))).grants).toEqual([]);
    });

    it('3. an Allow NotAction on "*" is administrator-equivalent (every other action)', () => {
      expect(admin(policy(allow({ NotAction: ['iam:*', 'organizations:*'], Resource: '*' }))).grants.map((g) => g.text)).toEqual([
        'Allow NotAction ["iam:*", "organizations:*"] on "*" (every other action)',
      ]);
      // Excluding everything excludes everything.
      expect(admin(policy(allow({ NotAction: '*', Resource: '*' }))).grants).toEqual([]);
    });

    it('4. a conditional Allow still counts, and says so', () => {
      const { grants } = admin(policy(allow({ Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })));
      expect(grants).toMatchObject([{ kind: 'every-action', conditional: true, text: 'Allow "*" on "*" under a condition' }]);
    });

    it('5. an unconditional Deny "*" on "*" cancels; a conditional one does not', () => {
      const cancelled = admin(policy(allow({ Action: '*', Resource: '*' }), deny({ Action: '*', Resource: '*' })));
      const conditional = admin(
        policy(
          allow({ Action: '*', Resource: '*' }),
          deny({ Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }),
        ),
      );
      expect(cancelled).toEqual({ grants: [], cancelled: ['Allow "*" on "*"'] });
      expect(conditional.grants.map((g) => g.kind)).toEqual(['every-action']);
    });

    it('6. a narrower Deny does not cancel: "*" minus iam is still administrator-equivalent', () => {
      expect(admin(policy(allow({ Action: '*', Resource: '*' }), deny({ Action: 'iam:*', Resource: '*' }))).grants.map((g) => g.kind)).toEqual([
        'every-action',
      ]);
    });

    it('7. a NotAction Deny leaves only its exceptions: "*" with Deny NotAction ["iam:*"] is all of IAM', () => {
      const onlyIam = admin(policy(allow({ Action: '*', Resource: '*' }), deny({ NotAction: 'iam:*', Resource: '*' })));
      const onlyS3 = admin(policy(allow({ Action: '*', Resource: '*' }), deny({ NotAction: 's3:*', Resource: '*' })));
      expect(onlyIam.grants.map((g) => g.text)).toEqual(['Allow every iam action ("*") on "*"']);
      expect(onlyS3).toEqual({ grants: [], cancelled: ['Allow "*" on "*"'] });
    });

    it('8. "*" on named resources, or on "arn:aws:*:*:*:*" vs the seed\'s correct policy', () => {
      expect(admin(policy(allow({ Action: '*', Resource: 'arn:aws:s3:::retainwise-uploads/*' }))).grants).toEqual([]);
      expect(admin(policy(allow({ Action: '*', Resource: 'arn:aws:*:*:*:*' }))).grants.map((g) => g.kind)).toEqual(['every-action']);
      expect(admin(policy(allow({ Action: '*', NotResource: 'arn:aws:iam::*:role/break-glass' }))).grants.map((g) => g.text)).toEqual([
        'Allow "*" on NotResource ["arn:aws:iam::*:role/break-glass"]',
      ]);
      expect(admin(SEED_CORRECT)).toEqual({ grants: [], cancelled: [] });
    });
  });

  describe('broadS3Grants', () => {
    it("passes the seed's correct policy: named actions on named buckets", () => {
      expect(s3(SEED_CORRECT)).toEqual([]);
    });

    it('flags s3:* once, on any resource, and "*" or a NotAction that leaves S3 in', () => {
      expect(s3(policy(allow({ Action: 's3:*', Resource: 'arn:aws:s3:::retainwise-uploads/*' })))).toEqual([
        'all-actions: every S3 action ("s3:*") on "arn:aws:s3:::retainwise-uploads/*"',
      ]);
      expect(s3(policy(allow({ Action: ['sqs:*', '*'], Resource: '*' })))).toEqual(['all-actions: every S3 action ("*") on "*"']);
      expect(s3(policy(allow({ NotAction: 'iam:*', Resource: '*' })))).toEqual(['all-actions: every S3 action (NotAction ["iam:*"]) on "*"']);
      expect(s3(policy(allow({ NotAction: 's3:*', Resource: '*' })))).toEqual([]);
    });

    it('flags s3:DeleteBucket, also through s3:Delete* and in any case, on named buckets too', () => {
      expect(s3(policy(allow({ Action: ['s3:GetObject', 'S3:delete*'], Resource: 'arn:aws:s3:::retainwise-uploads' })))).toEqual([
        'dangerous: s3:DeleteBucket ("S3:delete*") on "arn:aws:s3:::retainwise-uploads"',
      ]);
    });

    it('flags S3 writes on every bucket (Resource "*", "arn:aws:s3:::*/*"), not reads, not named buckets', () => {
      expect(s3(policy(allow({ Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' })))).toEqual(['wildcard-write: S3 writes ("s3:PutObject") on "*"']);
      expect(s3(policy(allow({ Action: 's3:Put*', Resource: 'arn:aws:s3:::*/*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ml' } } })))).toEqual([
        'wildcard-write: S3 writes ("s3:Put*") on "arn:aws:s3:::*/*" under a condition',
      ]);
      // A write action newer than the list is still a write by its verb.
      expect(s3(policy(allow({ Action: 's3:PutBucketMetadataTableConfiguration', Resource: '*' })))).toEqual([
        'wildcard-write: S3 writes ("s3:PutBucketMetadataTableConfiguration") on "*"',
      ]);
      expect(s3(policy(allow({ Action: ['s3:Get*', 's3:List*'], Resource: '*' })))).toEqual([]);
      expect(s3(policy(allow({ Action: 's3:PutObject', Resource: 'arn:aws:s3:::retainwise-*/*' })))).toEqual([]);
    });

    it('lets an unconditional Deny on every bucket cancel what it denies', () => {
      const guarded = policy(
        allow({ Action: ['s3:Delete*', 's3:PutObject'], Resource: '*' }),
        deny({ Action: ['s3:DeleteBucket', 's3:Delete*'], Resource: 'arn:aws:s3:::*' }),
      );
      expect(s3(guarded)).toEqual(['wildcard-write: S3 writes ("s3:PutObject") on "*"']);
      expect(s3(policy(allow({ Action: 's3:*', Resource: '*' }), deny({ Action: 's3:*', Resource: '*' })))).toEqual([]);
    });

    it('honours the dangerousActions param', () => {
      const document = policy(allow({ Action: 's3:DeleteBucketPolicy', Resource: 'arn:aws:s3:::retainwise-uploads' }));
      expect(s3(document)).toEqual([]);
      expect(s3(document, ['s3:DeleteBucket', 's3:DeleteBucketPolicy'])).toEqual([
        'dangerous: s3:DeleteBucketPolicy ("s3:DeleteBucketPolicy") on "arn:aws:s3:::retainwise-uploads"',
      ]);
    });
  });
});
