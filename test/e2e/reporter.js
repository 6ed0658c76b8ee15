'use strict';

/** Tells global-teardown.js whether anything failed (then the run's folder and logs are kept). */
class E2eFailureFlag {
	onTestResult(_test, result) {
		if (result.numFailingTests > 0 || result.testExecError)
			globalThis.__BRIQPAY_E2E_FAILED__ = true;
	}

	onRunComplete(_contexts, results) {
		if (results.numFailedTests > 0 || results.numRuntimeErrorTestSuites > 0) {
			globalThis.__BRIQPAY_E2E_FAILED__ = true;
		}
	}
}

module.exports = E2eFailureFlag;
