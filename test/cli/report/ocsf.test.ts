import { describe, expect, it } from 'vitest';
import { ruleInfos } from '../../../src/cli/report/model.js';
import { OCSF_VERSION, renderOcsf } from '../../../src/cli/report/ocsf.js';
import { RULES } from '../../../src/rules/index.js';
import { sampleReport } from './fixtures.js';

type Event = Record<string, unknown> & {
  compliance: Record<string, unknown>;
  finding_info: Record<string, unknown>;
  resources: Array<Record<string, unknown>>;
  status_code: string;
};

function events(): Event[] {
  const report = sampleReport();
  return JSON.parse(renderOcsf(report, ruleInfos(report, RULES))) as Event[];
}

describe('renderOcsf', () => {
  it('writes one OCSF Compliance Finding (class 2003) per finding, with the required attributes', () => {
    const all = events();
    expect(all).toHaveLength(5);
    for (const event of all) {
      for (const field of [
        'activity_id',
        'category_uid',
        'class_uid',
        'compliance',
        'finding_info',
        'metadata',
        'severity_id',
        'time',
        'type_uid',
        'status_id',
      ]) {
        expect(event[field], field).toBeDefined();
      }
      expect(event).toMatchObject({ category_uid: 2, class_uid: 2003, class_name: 'Compliance Finding', metadata: { version: OCSF_VERSION } });
    }
  });

  it('maps a failing bucket: status_code, severity, compliance control, resource, remediation', () => {
    const failing = events().find((e) => e.status_code === 'FAIL' && (e.resources[0]?.name as string) === 'old-logs');
    expect(failing).toMatchObject({
      activity_id: 1,
      type_uid: 200301,
      severity_id: 4,
      severity: 'High',
      status_id: 1,
      status: 'New',
      message: 'versioning is Suspended on old-logs',
      time: Date.parse('2026-11-23T10:00:00.000Z'),
      metadata: { event_code: 's3-bucket-versioning-enabled', product: { name: 'Preflight', version: '0.1.0' }, tenant_uid: '111122223333' },
      finding_info: { uid: 'preflight/s3-bucket-versioning-enabled/arn:aws:s3:::old-logs', title: 'S3 buckets keep every version of every object' },
      compliance: { control: 'S3.14', status_id: 3, status: 'Fail', standards: ['AWS Foundational Security Best Practices', 'Preflight production readiness'] },
      resources: [
        { uid: 'arn:aws:s3:::old-logs', type: 'AWS::S3::Bucket', region: 'eu-west-1', cloud_partition: 'aws', data: { evidence: { status: 'Suspended' } } },
      ],
      cloud: { provider: 'AWS', account: { uid: '111122223333', type_id: 10 } },
      remediation: {
        desc: 'Enable versioning so that overwritten or deleted objects can be restored. Command: aws s3api put-bucket-versioning --bucket old-logs --versioning-configuration Status=Enabled',
      },
    });
  });

  it('keeps a suppressed finding a compliance failure, with the Suppressed status and the reason', () => {
    const suppressed = events().find((e) => e.status === 'Suppressed');
    expect(suppressed).toMatchObject({
      status_id: 3,
      status_code: 'FAIL',
      compliance: { status: 'Fail' },
      unmapped: { suppression: { reason: 'MFA device on order' } },
    });
  });

  it('reports a rule that could not tell as a compliance Warning, never a Pass', () => {
    const error = events().find((e) => e.status_code === 'ERROR');
    expect(error?.compliance).toMatchObject({ status_id: 2, status: 'Warning' });
  });
});
