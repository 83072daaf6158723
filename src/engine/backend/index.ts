/** Backend selection public surface. */
export { selectBackend, BackendError, type SelectBackendOptions } from './select';
