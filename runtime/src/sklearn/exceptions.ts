// sklearn.exceptions
import { ValueError } from '../errors';

/** An estimator used before fit (scikit-learn's NotFittedError, a ValueError). */
export class NotFittedError extends ValueError { override name = 'NotFittedError'; }
