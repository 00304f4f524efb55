/** Provider verification of the older edition's pacts (contracts/older-zh-CN/) against a simulator of that edition. */
import { providerSuite } from './provider-suite.js';

providerSuite('older-zh-CN');
