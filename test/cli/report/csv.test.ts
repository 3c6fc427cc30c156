import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvCell, renderCsv } from '../../../src/cli/report/csv.js';
import { ruleInfos } from '../../../src/cli/report/model.js';
import { RULES } from '../../../src/rules/index.js';
import { sampleReport } from './fixtures.js';

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
    expect(lines[2]).toMatch(/^111122223333,eu-west-1,S3,s3-bucket-versioning-enabled,HIGH,FAIL,FAIL,AWS::S3::Bucket,arn:aws:s3:::old-logs,old-logs,versioning is Suspended on old-logs,Enable S3 Bucket Versioning,S3\.14 s3-bucket-versioning-enabled,/);
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
});
