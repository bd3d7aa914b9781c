/**
 * The customer's account manager by name (docs/rules.md#care-cadence), read through ZAF as the
 * agent. A manager who cannot be read (deleted, no access, not a user) is not shown: never an ID.
 */
import { memo, useEffect, useState } from 'react';
import { managerName, managerRequest } from '../data/care.ts';
import { useI18n } from '../i18n.ts';
import type { ZafClient } from '../zaf/types.ts';
import { Line } from './Section.tsx';

export const AccountManager = memo(function AccountManager({ client, managerId }: { client: ZafClient; managerId: number }) {
  const { t } = useI18n();
  const [name, setName] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    setName(null);
    client.request(managerRequest(managerId)).then((user) => alive && setName(managerName(user)), () => undefined);
    return () => {
      alive = false;
    };
  }, [client, managerId]);

  return name === null ? null : <Line data-testid="care-manager">{t('care.panel.manager', { name })}</Line>;
});
