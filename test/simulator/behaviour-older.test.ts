/** The behaviour suite (behaviour/suite.ts) on every target, answering the older edition of the page. */
import { behaviourSuite } from './behaviour/suite.js';

behaviourSuite('older-zh-CN');
