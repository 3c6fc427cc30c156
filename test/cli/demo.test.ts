import { describe, expect, it } from 'vitest';
import { demoScenario, runDemo } from '../../src/cli/demo/run-demo.js';
import type { CliIo } from '../../src/cli/io.js';
import { RULES } from '../../src/rules/index.js';
import type { LocalServer } from '#shared/api/local-server.js';
import { cloudTrailEventSchema } from '#shared/engine/cloudtrail-router.js';
import { gsm7Length } from '#shared/alerts/sms.js';
import { cli } from './helpers.js';

describe('preflight demo', () => {
  it('labels the sample data, prints the checklist and readiness, then exactly one regression alert as SNS receives it', async () => {
    // Act
    const { code, stdout, stderr } = await cli(['demo', '--no-serve'], { env: {} });

    // Assess
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('PREFLIGHT DEMO: SAMPLE DATA, NOT A REAL AWS ACCOUNT');
    expect(stdout).toContain('Account 123456789012 (eu-west-1, us-east-1) lives in memory.');
    expect(stdout).toMatch(/^RESULT\s+SEVERITY\s+RULE\s+CHECKLIST ITEM\s+PASS\s+FAIL\s+ERROR\s+N\/A$/m);
    for (const rule of RULES) expect(stdout).toMatch(new RegExp(`^(PASS|FAIL|ERROR|N/A)\\s+${rule.severity}\\s+${rule.id}\\s`, 'm'));
    expect(stdout).toMatch(/^FAIL\s+HIGH\s+s3-bucket-versioning-enabled\s+Enable S3 Bucket Versioning\s+3\s+2\s+0\s+0$/m);
    expect(stdout).toMatch(/^Readiness: \d+\/100 \(\d+ of \d+ applicable rules pass, weighted by severity\)/m);
    expect(stdout).toContain('one baseline summary instead of one alert per failure');
    expect(stdout).toContain('calls PutBucketVersioning Status=Suspended on prod-data.');
    expect(stdout).toContain('1 transition(s) recorded with a version-conditional write.');
    expect(stdout).toContain('3. Regressions: 1 alert(s), exactly as SNS receives them:');
    expect(stdout).toContain('sns:Publish TopicArn=arn:aws:sns:eu-west-1:123456789012:preflight-alerts MessageStructure=json');
    expect(stdout).toContain('[HIGH] s3-bucket-versioning-enabled FAIL prod-data (eu-west-1): versioning is Suspended on prod-data');
    expect(stdout).toContain('aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled');
    expect(stdout).not.toContain('4. The findings API');
    // The member story comes after the home account's readiness, labelled as sample data, with its one alert.
    const member = stdout.slice(stdout.indexOf('Member account, another region'));
    expect(stdout.indexOf('Member account, another region')).toBeGreaterThan(stdout.indexOf('Readiness: '));
    expect(member).toContain('(SAMPLE DATA: member account 210987654321, us-west-2, in memory)');
    expect(member).toContain('on the central bus preflight-demo (eu-west-1)');
    expect(member).toContain('account 210987654321 and region us-west-2 from the record: a configured member, evaluated there in its role.');
    expect(member).toContain('1 transition(s); 1 alert(s):');
    expect(member.match(/^ {3}SMS: /gm)).toHaveLength(1);
    expect(member).toContain('SMS: [HIGH] s3-bucket-versioning-enabled FAIL member-audit-logs (us-west-2): versioning is Suspended on member-audit-logs');
  });

  it("evaluates the member's drift where it happened, records it under the member's account, and alerts once", async () => {
    const demo = await demoScenario();
    try {
      const { member } = demo;
      // The envelope as the central bus delivers it: the member's account and region, not the bus's.
      expect(cloudTrailEventSchema.safeParse(member.event).success).toBe(true);
      expect(member.event).toMatchObject({
        account: '210987654321',
        region: 'us-west-2',
        detail: { recipientAccountId: '210987654321', awsRegion: 'us-west-2' },
      });
      expect(member.origin).toEqual({ accountId: '210987654321', region: 'us-west-2' });
      expect(
        member.reaction.record?.transitions.map(
          (t) => `${t.finding.accountId} ${t.finding.region} ${t.finding.ruleId} ${t.finding.resourceName} ${t.from}->${t.finding.status}`,
        ),
      ).toEqual(['210987654321 us-west-2 s3-bucket-versioning-enabled member-audit-logs PASS->FAIL']);
      expect(member.published.map((p) => p.MessageAttributes?.kind?.StringValue)).toEqual(['BASELINE', 'REGRESSION']);
      // The home story's alerts are its own: the member's never appear among them.
      expect(demo.published.map((p) => p.MessageAttributes?.kind?.StringValue)).toEqual(['BASELINE', 'REGRESSION']);
      expect(JSON.stringify(demo.published)).not.toContain('member-audit-logs');
      expect(await demo.stack.store.get('s3-bucket-versioning-enabled', 'arn:aws:s3:::member-audit-logs')).toMatchObject({
        accountId: '210987654321',
        region: 'us-west-2',
        status: 'FAIL',
      });
    } finally {
      await demo.stack.close();
    }
  });

  it('records the sweep in the store, routes the drift to the S3 rules for prod-data only, and publishes one regression', async () => {
    const demo = await demoScenario();
    try {
      expect(cloudTrailEventSchema.safeParse(demo.event).success).toBe(true);
      const route = demo.reaction.route;
      expect(route.action === 'evaluate' && route.targets.map((t) => [t.rule.id, t.resourceNames])).toEqual([
        ['s3-bucket-versioning-enabled', ['prod-data']],
        ['s3-bucket-mfa-delete-enabled', ['prod-data']],
      ]);
      expect(demo.reaction.evaluation?.calls).not.toHaveProperty(['s3:ListBuckets']);
      expect(demo.reaction.record?.transitions.map((t) => `${t.finding.ruleId} ${t.finding.resourceName} ${t.from}->${t.finding.status}`)).toEqual([
        's3-bucket-versioning-enabled prod-data PASS->FAIL',
      ]);
      expect(demo.published.map((p) => p.MessageAttributes?.kind?.StringValue)).toEqual(['BASELINE', 'REGRESSION']);
      const sms = (JSON.parse(demo.published[1]!.Message!) as { sms: string }).sms;
      expect(gsm7Length(sms)).toBeLessThanOrEqual(160);
      expect(await demo.stack.store.get('s3-bucket-versioning-enabled', 'arn:aws:s3:::prod-data')).toMatchObject({
        status: 'FAIL',
        history: [{ to: 'PASS' }, { from: 'PASS', to: 'FAIL' }],
      });
    } finally {
      await demo.stack.close();
    }
  });

  it('sweeps the S3 sample as described: one bucket per case', async () => {
    const demo = await demoScenario();
    await demo.stack.close();
    const s3 = demo.sweep.evaluation.findings
      .filter((f) => f.resourceType === 'AWS::S3::Bucket' && (f.ruleId === 's3-bucket-versioning-enabled' || f.ruleId === 's3-bucket-mfa-delete-enabled'))
      .map((f) => `${f.ruleId} ${f.resourceName}@${f.region}: ${f.status}`);
    expect(s3).toEqual(
      expect.arrayContaining([
        's3-bucket-mfa-delete-enabled retainwise-uploads@eu-west-1: PASS',
        's3-bucket-versioning-enabled prod-data@eu-west-1: PASS',
        's3-bucket-versioning-enabled retainwise-backups-us@us-east-1: FAIL',
        's3-bucket-versioning-enabled retainwise-logs@eu-west-1: FAIL',
        's3-bucket-versioning-enabled retainwise-uploads@eu-west-1: PASS',
      ]),
    );
  });

  it('serves the findings API on 127.0.0.1 until stopped: curl ?status=FAIL shows the failures', async () => {
    const out: string[] = [];
    const io: CliIo = { stdout: { write: (s) => void out.push(s) }, stderr: { write: (s) => void out.push(s) }, env: {}, cwd: process.cwd() };
    let stop: () => void = () => undefined;
    const until = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let listening: LocalServer | undefined;
    const served = runDemo(io, {
      serve: true,
      port: 0,
      until,
      onListening: (server) => {
        listening = server;
      },
    });
    await expect.poll(() => listening, { timeout: 15_000 }).toBeDefined();
    const res = await fetch(`${listening!.url}/findings?status=FAIL`);
    const body = (await res.json()) as { items: Array<{ ruleId: string; resourceName: string; status: string }> };
    expect(res.status).toBe(200);
    expect(body.items.every((f) => f.status === 'FAIL')).toBe(true);
    expect(body.items).toContainEqual(expect.objectContaining({ ruleId: 's3-bucket-versioning-enabled', resourceName: 'prod-data' }));
    stop();
    await expect(served).resolves.toBe(0);
    expect(out.join('')).toContain(`4. The findings API of the demo is served on ${listening!.url}`);
    expect(out.join('')).toContain(`Dashboard: ${listening!.url}/`);
  });

  it('rejects a bad --port with a usage error', async () => {
    const { code, stderr } = await cli(['demo', '--port', 'abc']);
    expect(code).toBe(2);
    expect(stderr).toContain('must be a port number');
  });
});
