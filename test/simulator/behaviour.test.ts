/** The behaviour suite (behaviour/suite.ts) on every target, answering today's edition of the page, the default. */
import { DEFAULT_EDITION } from '../../src/catalogue.js';
import { behaviourSuite } from './behaviour/suite.js';

behaviourSuite(DEFAULT_EDITION);
