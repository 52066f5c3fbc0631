// axe-core on a Parley page: every WCAG 2.1 A/AA rule, and the serious or critical findings
// printed so a failure says what to fix (rule, impact, each node's selector and axe's own
// summary, e.g. the contrast ratio it measured).
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export interface AxeReport {
  screen: string;
  /** Serious and critical violations: what must be 0. */
  blocking: number;
  /** Every violation, any impact (for the report's before/after numbers). */
  all: number;
  text: string;
}

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe on the page as it is now; `screen` names it in the output. */
export async function auditPage(page: Page, screen: string): Promise<AxeReport> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const text = blocking
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 6)
        .map((n) => `    - ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n\s*/g, ' | ')}`)
        .join('\n');
      const more = v.nodes.length > 6 ? `\n    … and ${v.nodes.length - 6} more` : '';
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length})\n${nodes}${more}`;
    })
    .join('\n');
  return { screen, blocking: blocking.length, all: results.violations.length, text };
}

/** Collects reports across screens, and fails once at the end with all of them listed. */
export class AxeLedger {
  private readonly reports: AxeReport[] = [];

  constructor(private readonly variant: string) {}

  async check(page: Page, screen: string): Promise<void> {
    // Animations and transitions settle first: axe measures colours as painted.
    await page.evaluate(() => document.getAnimations().forEach((a) => a.effect?.getComputedTiming().endTime !== Infinity && a.finish()));
    const report = await auditPage(page, `${this.variant}: ${screen}`);
    this.reports.push(report);
    // As it goes, so a run that stops half-way still says what it found.
    console.log(`axe ${report.screen}: ${report.blocking} serious/critical, ${report.all} in all${report.blocking ? `\n${report.text}` : ''}`);
  }

  /** One line per screen (logged either way), then the failure with every blocking finding. */
  expectClean(): void {
    const summary = this.reports.map((r) => `${r.screen}: ${r.blocking} serious/critical, ${r.all} violations in all`).join('\n');
    console.log(`axe (${this.variant}) summary\n${summary}`);
    const failing = this.reports.filter((r) => r.blocking > 0);
    const details = failing.map((r) => `${r.screen}\n${r.text}`).join('\n\n');
    expect(failing.length, `axe found serious or critical violations:\n\n${details}\n`).toBe(0);
  }
}
