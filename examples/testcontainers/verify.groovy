// Run by the root build's maven-invoker-plugin. Where a Docker engine answers and /bin/busybox exists (CI
// starts one with .ci/docker-up.sh), both tests must have run and passed; elsewhere they must be skipped,
// with the reason in the report. Under CI (environment variable CI set, not 'false') a skip is a failure.
File report = new File(basedir, 'target/surefire-reports/TEST-com.example.containers.WebContainerTests.xml')
assert report.isFile() : "no Surefire report ${report}"
Map suite = counts(report)
int tests = suite.tests, skipped = suite.skipped
assert suite.failures == 0 && suite.errors == 0

boolean docker
try {
	Process info = ['docker', 'info'].execute()
	info.consumeProcessOutput()
	docker = info.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && info.exitValue() == 0
} catch (IOException e) {
	docker = false
}
boolean canRun = docker && new File('/bin/busybox').canExecute()
String ci = System.getenv('CI')
boolean required = ci != null && !ci.isBlank() && !ci.equalsIgnoreCase('false')
if (canRun || required) {
	assert tests == 2 && skipped == 0 : "Docker and busybox are here (or required), yet tests ${tests}, skipped ${skipped}"
} else {
	assert skipped == tests : "no Docker engine or busybox here, yet ${tests - skipped} tests ran"
	String reasons = (report.getText('UTF-8') =~ /<skipped message="([^"]*)"/).collect { it[1] }.join(' ')
	assert reasons.contains('Docker') || reasons.contains('busybox') : "skipped without a reason: '${reasons}'"
	println "[verify] testcontainers example skipped here: ${reasons}"
}
return true

// the <testsuite> element's counts, read with a regex (groovy-xml is not on the invoker's class path)
Map counts(File report) {
	String head = (report.getText('UTF-8') =~ /<testsuite\b[^>]*>/)[0]
	['tests', 'failures', 'errors', 'skipped'].collectEntries { [(it): ((head =~ /\b${it}="(\d+)"/)[0][1]) as int] }
}
