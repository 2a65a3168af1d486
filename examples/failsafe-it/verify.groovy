// Run by the root build's maven-invoker-plugin: Failsafe ran the IT (not Surefire), it passed, and the
// static @FreePort field's reservation was logged once, for the class.
import groovy.json.JsonSlurper

File report = new File(basedir, 'target/failsafe-reports/TEST-com.example.greeting.GreetingServerIT.xml')
assert report.isFile() : "Failsafe did not run GreetingServerIT: no ${report}"
Map suite = counts(report)
assert suite.tests == 2 && suite.failures == 0 && suite.errors == 0 && suite.skipped == 0 :
	"GreetingServerIT: tests ${suite.tests}, failures ${suite.failures}, errors ${suite.errors}, skipped ${suite.skipped}"

List<File> eventFiles = []
new File(basedir, 'target/freeport').eachFileRecurse { if (it.name ==~ /events-\d+\.jsonl/) eventFiles << it }
// allocation events are the lines without a "kind" (docs/logs.md): the others are the fork's configuration, failures, ...
List<Map> events = eventFiles.collectMany { f -> f.readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it) } }
	.findAll { it.kind == null }
assert events.size() == 1 : "expected one allocation event (the static field), found ${events.size()}"
assert events[0].scope == 'static field' && events[0].element.contains('GreetingServerIT.port') && events[0].releasedAt != null
return true

// the <testsuite> element's counts, read with a regex (groovy-xml is not on the invoker's class path)
Map counts(File report) {
	String head = (report.getText('UTF-8') =~ /<testsuite\b[^>]*>/)[0]
	['tests', 'failures', 'errors', 'skipped'].collectEntries { [(it): ((head =~ /\b${it}="(\d+)"/)[0][1]) as int] }
}
