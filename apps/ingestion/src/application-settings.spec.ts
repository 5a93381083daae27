import { exampleSessionConfig, SessionConfig } from '@sessionscope/contracts';
import { loadConfig } from '@sessionscope/shared/config';
import { ApplicationSettingsService } from './application-settings';
import { ingestionConfigSchema } from './ingestion.config';

describe('settings of each application', () => {
  const config = loadConfig(ingestionConfigSchema, {
    DETECTION_PARANOIA: '2',
    MAX_STORED_BODY_BYTES: '1000',
    SESSION_KEY_CHAIN: JSON.stringify([{ source: 'request', in: 'cookie', name: 'sid' }]),
    APPLICATION_SETTINGS: JSON.stringify({
      shop: { detectionParanoia: 4, masking: { mask: ['email'], keep: ['token'] }, maxStoredBodyBytes: 10 },
      'globex/shop': { detectionParanoia: 3 },
    }),
  });
  // The session configurations in memory, as SessionConfigStore keeps them: only `shop` of `acme` has one.
  const storedConfigs = { current: (tenant: string, application: string): SessionConfig | null => (tenant === 'acme' && application === 'shop' ? exampleSessionConfig : null) };
  const settings = new ApplicationSettingsService(config, storedConfigs);

  it('given an application with its own settings, when asked, then its paranoia, masking and body cap apply', () => {
    expect(settings.paranoiaOf('acme', 'shop')).toBe(4);
    const masking = settings.maskingOf('acme', 'shop');
    expect(masking.maxBodyBytes).toBe(10);
    expect([masking.isSecret('email'), masking.isSecret('token'), masking.isSecret('password')]).toEqual([true, false, true]);
  });

  it('given an application without settings, when asked, then the service-wide settings apply', () => {
    expect(settings.paranoiaOf('acme', 'blog')).toBe(2);
    expect(settings.maskingOf('acme', 'blog').maxBodyBytes).toBe(1000);
    expect(settings.maskingOf('acme', 'blog').isSecret('email')).toBe(false);
    expect(settings.paranoiaOf('acme', 'constructor')).toBe(2);
  });

  it('given settings under <tenant>/<application>, when asked for that tenant, then they win, and other tenants keep theirs', () => {
    expect(settings.paranoiaOf('globex', 'shop')).toBe(3);
    // The entry of globex's shop sets no masking: the service-wide masking applies to it, not that of every tenant's shop.
    expect(settings.maskingOf('globex', 'shop').isSecret('token')).toBe(true);
    expect(settings.paranoiaOf('acme', 'shop')).toBe(4);
  });

  it('gives an application its session configuration, and one without the deployment key chain', () => {
    expect(settings.sessionPointsOf('acme', 'shop')).toMatchObject({ keyChain: exampleSessionConfig.keyChain, user: exampleSessionConfig.user, roles: exampleSessionConfig.roles });
    expect(settings.sessionPointsOf('acme', 'blog')).toEqual({ keyChain: [{ source: 'request', in: 'cookie', name: 'sid' }], user: null, roles: null });
    expect(settings.sessionPointsOf('globex', 'shop').user).toBeNull();
  });

  it('gives each tenant its own key secret', () => {
    expect(settings.secretOf('acme')).not.toBe(settings.secretOf('globex'));
  });
});
