// Run by the root build's maven-invoker-plugin after both invocations (invoker.properties): all tests
// passed both times, and with chaos the preferred port 18080 was occupied, so freeport handed out another.
import groovy.json.JsonSlurper

File report = new File(basedir, 'target/surefire-reports/TEST-com.example.fallback.FallbackServerTests.xml')
Map suite = counts(report)
assert suite.tests == 9 && suite.failures == 0 && suite.errors == 0 && suite.skipped == 0 :
	"FallbackServerTests (last invocation): tests ${suite.tests}, failures ${suite.failures}, errors ${suite.errors}, skipped ${suite.skipped}"

List<Map> chaosEvents = []
new File(basedir, 'target/freeport/chaos').eachFileMatch(~/events-\d+\.jsonl/) { f ->
	// allocation events are the lines without a "kind" (docs/logs.md): the others are the fork's configuration, failures, ...
	f.readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it) }.findAll { it.kind == null }
		.each { chaosEvents << it }
}
Map preferred = chaosEvents.find { it.test.contains('runsOnItsDefaultPortWhenThatIsFree') }
assert preferred != null : "no allocation event for the preferred-port test in the chaos run: ${chaosEvents*.test}"
assert preferred.port != 18080 : "chaos was on, yet the preferred port 18080 was handed out: ${preferred}"
assert preferred.attempts*.port.contains(18080) : "18080 was not tried (and refused) first: ${preferred.attempts}"
String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('seed 42') || log.contains('seed=42') : 'chaos did not announce its seed in build.log'
return true

// the <testsuite> element's counts, read with a regex (groovy-xml is not on the invoker's class path)
Map counts(File report) {
	String head = (report.getText('UTF-8') =~ /<testsuite\b[^>]*>/)[0]
	['tests', 'failures', 'errors', 'skipped'].collectEntries { [(it): ((head =~ /\b${it}="(\d+)"/)[0][1]) as int] }
}
