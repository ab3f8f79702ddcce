import type { ConfigIssue } from './errors.js';
import type { KeelConfig } from './schema.js';

/**
 * Combinations that each field allows on its own but that must never run together. Each rule
 * names the field to change and how.
 */
export function incompatibleCombinations(config: KeelConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const liveVenue = config.venue.kind !== 'simulator';

  if (config.profile === 'paper' && liveVenue) {
    issues.push({
      field: 'venue.kind',
      message: `the paper profile trades only on the simulator, but the venue is "${config.venue.kind}"`,
      fix: 'unset KEEL_VENUE (or set KEEL_VENUE=simulator), or use --profile canary / production for a live venue',
    });
  }
  if (config.profile === 'paper' && config.trading.liveTrading === 'enabled') {
    issues.push({
      field: 'trading.liveTrading',
      message: 'the paper profile never trades live, but KEEL_LIVE_TRADING=enabled',
      fix: 'unset KEEL_LIVE_TRADING, or use --profile canary / production',
    });
  }
  if (config.profile === 'production' && !liveVenue) {
    issues.push({
      field: 'venue.kind',
      message: 'the production profile cannot run against the venue simulator',
      fix: 'set KEEL_VENUE=binance with KEEL_LIVE_TRADING=enabled, or use --profile paper for simulated trading',
    });
  }
  if (liveVenue && config.trading.liveTrading !== 'enabled') {
    issues.push({
      field: 'trading.liveTrading',
      message: `venue "${config.venue.kind}" is a live venue (real money) but live trading is not enabled`,
      fix: 'set KEEL_LIVE_TRADING=enabled to confirm live trading, or set KEEL_VENUE=simulator',
    });
  }
  if (liveVenue && !config.venue.apiKey) {
    issues.push({
      field: 'venue.apiKey',
      message: `venue "${config.venue.kind}" needs an API key`,
      fix: 'set KEEL_VENUE_API_KEY in the environment (never in a profile file)',
    });
  }
  if (liveVenue && !config.venue.apiSecret) {
    issues.push({
      field: 'venue.apiSecret',
      message: `venue "${config.venue.kind}" needs an API secret`,
      fix: 'set KEEL_VENUE_API_SECRET in the environment (never in a profile file)',
    });
  }
  if (config.profile !== 'paper' && !config.database.explicit) {
    issues.push({
      field: 'database.url',
      message: `the ${config.profile} profile must not use the embedded development database`,
      fix: 'set DATABASE_URL to the production PostgreSQL',
    });
  }
  if (config.profile !== 'paper' && !config.alerts.webhookUrl) {
    issues.push({
      field: 'alerts.webhookUrl',
      message: `the ${config.profile} profile trades real money, so operators must receive alerts`,
      fix: 'set KEEL_ALERT_WEBHOOK_URL to the alert receiver',
    });
  }

  const { limits, breakers, startingEquity } = config.risk;
  const lossLimit = [limits.maxDailyLoss, limits.maxDrawdownPct].some((value) => typeof value === 'number');
  if (lossLimit && startingEquity === undefined) {
    issues.push({
      field: 'risk.startingEquity',
      message: 'daily-loss and drawdown limits need the equity they are measured from',
      fix: 'set risk.startingEquity in the profile (or KEEL_RISK_STARTING_EQUITY), or make both limits "unlimited"',
    });
  }
  if (
    typeof limits.maxDrawdownPct === 'number' &&
    breakers.drawdownResumePct !== undefined &&
    breakers.drawdownResumePct >= limits.maxDrawdownPct
  ) {
    issues.push({
      field: 'risk.breakers.drawdownResumePct',
      message: `the drawdown breaker resumes at ${breakers.drawdownResumePct}% but trips at ${limits.maxDrawdownPct}%`,
      fix: 'set risk.breakers.drawdownResumePct below risk.limits.maxDrawdownPct (hysteresis)',
    });
  }

  const ports = [
    ['stack.temporalPort', config.stack.temporalPort],
    ['stack.temporalUiPort', config.stack.temporalUiPort],
    ['stack.postgresPort', config.stack.postgresPort],
    ['worker.healthPort', config.worker.healthPort],
    ['simulator.port', config.simulator.port],
  ] as const;
  for (const [index, [field, port]] of ports.entries()) {
    const clash = ports.slice(0, index).find(([, other]) => other === port && port !== 0);
    if (clash) {
      issues.push({
        field,
        message: `port ${port} is also used by ${clash[0]}`,
        fix: `give ${field} its own port`,
      });
    }
  }
  return issues;
}
