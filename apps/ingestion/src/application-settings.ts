import { Inject, Injectable } from '@nestjs/common';
import type { Paranoia } from '@sessionscope/detection';
import { Masking } from '@sessionscope/ingestion/domain';
import { SessionConfigStore } from '@sessionscope/messaging';
import { SessionPoints, tenantKeySecret } from '@sessionscope/session-keys';
import { INGESTION_CONFIG, IngestionConfig } from './ingestion.config';

/**
 * What each application's traffic gets: its key chain and User and Roles points (its session
 * configuration, else SESSION_KEY_CHAIN), its detection paranoia, its masking and body cap. Settings of
 * APPLICATION_SETTINGS win over the service-wide ones (DETECTION_PARANOIA, MAX_STORED_BODY_BYTES): those
 * under `<tenant>/<application>` for that tenant's application, else those under `<application>` for
 * the application of every tenant.
 */
@Injectable()
export class ApplicationSettingsService {
  private readonly maskings = new Map<string, Masking>();
  private readonly paranoias = new Map<string, Paranoia>();
  private readonly defaultMasking: Masking;

  constructor(
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
    @Inject(SessionConfigStore) private readonly sessionConfigs: Pick<SessionConfigStore, 'current'>,
  ) {
    this.defaultMasking = new Masking({ mask: [], keep: [], maxBodyBytes: config.MAX_STORED_BODY_BYTES });
    for (const [name, settings] of Object.entries(config.APPLICATION_SETTINGS)) {
      this.maskings.set(name, new Masking({ ...settings.masking, maxBodyBytes: settings.maxStoredBodyBytes ?? config.MAX_STORED_BODY_BYTES }));
      if (settings.detectionParanoia !== undefined) this.paranoias.set(name, settings.detectionParanoia);
    }
  }

  /** The entry of a tenant's application: its own, else the one of the application for every tenant. */
  private of<T>(entries: Map<string, T>, tenant: string, application: string): T | undefined {
    return entries.get(`${tenant}/${application}`) ?? entries.get(application);
  }

  /** The session configuration of an application as the gateway stored it, else the deployment's key chain. */
  readonly sessionPointsOf = (tenant: string, application: string): SessionPoints =>
    this.sessionConfigs.current(tenant, application) ?? { keyChain: this.config.SESSION_KEY_CHAIN, user: null, roles: null };

  /** The secret of a tenant's session key hashes. */
  readonly secretOf = (tenant: string): string => tenantKeySecret(this.config.SESSION_KEY_SECRET, tenant);

  readonly paranoiaOf = (tenant: string, application: string): Paranoia => this.of(this.paranoias, tenant, application) ?? this.config.DETECTION_PARANOIA;

  readonly maskingOf = (tenant: string, application: string): Masking => this.of(this.maskings, tenant, application) ?? this.defaultMasking;
}
