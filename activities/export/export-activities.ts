import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from '../../store/db.js';
import type { KeelConfig } from '../../config/schema.js';
import { deliverAlert, type Alert, type AlertDelivery } from '../alerts/webhook.js';
import { applyRetention, type RetentionOutcome } from './apply-retention.js';
import { buildPackage, type BuiltPackage } from './build-package.js';
import { checkDeliveryHealth } from './delivery-health-check.js';
import { publishPackage, type PublishedPackage } from './publish-package.js';
import { verifyOrQuarantine } from './quarantine.js';
import { validateStagedPackage, type PackageValidation } from './validate-package.js';
import type { PackageVerification } from '../../store/export/verify-package.js';
import { ACCOUNT_NAME_PATTERN, ACCOUNT_NAME_RULE } from '../../domain/account-name.js';
import { FAILURE } from '../../contracts/failures.js';
import { type DeliveryHealthReport } from '../../contracts/export.js';

export interface ExportActivityDependencies {
  pool: Pool;
  config: KeelConfig;
}

export interface DayInput {
  account: string;
  date: string;
  /** The UTC day [start, end) in epoch ms. */
  start: number;
  end: number;
}

const heartbeat = (step: string) => {
  Context.current().heartbeat(step);
};

function assertAccount(account: string): void {
  if (!ACCOUNT_NAME_PATTERN.test(account))
    throw ApplicationFailure.nonRetryable(
      `account "${account}" is not a valid account name (${ACCOUNT_NAME_RULE})`,
      FAILURE.exportBadInput,
    );
}

/** The daily export's side effects. Each is safe to retry: it either redoes its work from scratch or finds it done. */
export function createExportActivities({ pool, config }: ExportActivityDependencies) {
  const root = config.export.publishRoot;
  return {
    async buildExportPackage(input: DayInput & { buildId: string }): Promise<BuiltPackage> {
      assertAccount(input.account);
      return buildPackage({ pool, config, heartbeat }, input);
    },

    async validateExportPackage(input: DayInput & { stagingDir: string }): Promise<PackageValidation> {
      return validateStagedPackage(pool, input.stagingDir, input);
    },

    async publishExportPackage(input: {
      account: string;
      date: string;
      stagingDir: string;
      manifestHash: string;
      packageId: string;
    }): Promise<PublishedPackage> {
      assertAccount(input.account);
      return publishPackage(pool, root, input);
    },

    /** Re-hashes the published copy; a mismatch moves it to quarantine (the workflow then alerts and fails). */
    async verifyPublishedPackage(input: {
      account: string;
      path: string;
    }): Promise<PackageVerification & { quarantinedTo: string | null }> {
      return verifyOrQuarantine(pool, root, { account: input.account, packageDir: input.path });
    },

    async applyExportRetention(input: { account: string }): Promise<RetentionOutcome> {
      assertAccount(input.account);
      return applyRetention(pool, root, {
        account: input.account,
        retentionDays: config.export.retentionDays,
      });
    },

    /** Tells the package's consumers through the export webhook (none configured: recorded as skipped). */
    async notifyExportPublished(notice: Alert): Promise<AlertDelivery> {
      if (!config.export.webhookUrl)
        return { delivered: false, reason: 'no export webhook configured (export.webhookUrl)' };
      return deliverAlert(config.export.webhookUrl, notice);
    },

    async sendExportAlert(alert: Alert): Promise<AlertDelivery> {
      return deliverAlert(config.alerts.webhookUrl, alert);
    },

    async checkExportDeliveryHealth(input: {
      account: string;
      checkDates: string[];
      now: number;
    }): Promise<DeliveryHealthReport> {
      assertAccount(input.account);
      return checkDeliveryHealth(pool, config, { ...input, heartbeat });
    },
  };
}

export type ExportActivities = ReturnType<typeof createExportActivities>;
