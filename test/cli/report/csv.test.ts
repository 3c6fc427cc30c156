import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvCell, renderCsv } from '../../../src/cli/report/csv.js';
import { ruleInfos } from '../../../src/cli/report/model.js';
import { RULES } from '../../../src/rules/index.js';
import { finding, sampleReport } from './fixtures.js';

describe('renderCsv', () => {
  it('writes a header and one row per finding, problems first', () => {
    // Prepare
    const report = sampleReport();

    // Act
    const csv = renderCsv(report, ruleInfos(report, RULES));

    // Assess
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(report.findings.length + 2); // header, rows, final empty string
    expect(lines[1]).toMatch(/^111122223333,eu-west-1,CloudWatch,cloudwatch-alarm-action-configured,HIGH,FAIL,/);
    expect(lines[2]).toMatch(
      /^111122223333,eu-west-1,S3,s3-bucket-versioning-enabled,HIGH,FAIL,FAIL,AWS::S3::Bucket,arn:aws:s3:::old-logs,old-logs,versioning is Suspended on old-logs,Enable S3 Bucket Versioning,S3\.14 s3-bucket-versioning-enabled,/,
    );
    expect(csv).toContain(',SUPPRESSED,FAIL,');
    expect(csv).toContain(',MFA device on order,2027-01-01T00:00:00.000Z');
  });

  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-1+2')).toBe("'-1+2");
  });

  it('for a spreadsheet: a UTF-8 BOM first, and account ids as text so 012345678901 keeps its leading zero', () => {
    const report = sampleReport();
    report.accountId = '012345678901';
    report.findings = [
      finding({ accountId: '012345678901', resourceName: 'café-bucket' }),
      finding({
        ruleId: 'budget-cost-budget-exists',
        resourceType: 'AWS::::Account',
        accountId: '012345678901',
        resourceId: '012345678901',
        resourceName: '012345678901',
        region: 'global',
      }),
    ];

    const csv = renderCsv(report, ruleInfos(report, RULES), { spreadsheet: true });

    expect(csv.startsWith(`\uFEFF${CSV_COLUMNS.join(',')}\r\n`)).toBe(true);
    const rows = csv.split('\r\n').slice(1, -1);
    for (const row of rows) expect(row.startsWith('"=""012345678901""",')).toBe(true);
    expect(csv).toContain(',AWS::::Account,"=""012345678901""","=""012345678901""",');
    expect(csv).toContain('café-bucket');
  });

  it('for data tools (the default): no BOM, ids as they are', () => {
    const report = sampleReport();
    report.findings = [finding({ accountId: '012345678901' })];

    const csv = renderCsv(report, ruleInfos(report, RULES));

    expect(csv.startsWith(CSV_COLUMNS.join(','))).toBe(true);
    expect(csv.split('\r\n')[1]?.startsWith('012345678901,')).toBe(true);
  });

  it('prints each fix command with the resource filled in', () => {
    const report = sampleReport();
    expect(renderCsv(report, ruleInfos(report, RULES))).toContain(
      ',aws s3api put-bucket-versioning --bucket old-logs --versioning-configuration Status=Enabled,',
    );
  });
});
