import { ObservedRequest } from '../request-record';
import { DomainEvent } from '../events';
import observedRequest from '../fixtures/observed-request.json';
import requestObserved from '../fixtures/request-observed.v1.json';

/** Golden examples for other projects' tests; each call returns a fresh copy to modify freely. */
export const goldenObservedRequest = (): ObservedRequest => structuredClone(observedRequest) as ObservedRequest;
/** An observed request with every field set (the golden one); override what a test is about. */
export const anObservedRequest = (overrides: Partial<ObservedRequest> = {}): ObservedRequest => ({ ...goldenObservedRequest(), ...overrides });
export const goldenRequestObserved = (): DomainEvent<'RequestObserved'> => structuredClone(requestObserved) as DomainEvent<'RequestObserved'>;
