// Run by the root build's maven-invoker-plugin after `mvn clean test` (invoker.properties). The suite's only
// change for freeport is TestPorts.getAvailablePort()'s one line. Checks, from what the build left behind:
// every reservation was logged with its test, lay within that test's (or class's) run as Open Test Reporting
// recorded it, no port was held by two tests at once, the forks were named without configuration, and the
// run report and summary line name the tests.
import groovy.json.JsonSlurper
import groovy.xml.XmlSlurper
import java.time.Instant

int reservations = 13       // EchoServerTest 4, ReconnectTest 2, BroadcastTest 3, GreetingTest 3, ConstantPortTest 1
int classScoped = 2         // ReconnectTest's @BeforeAll, ConstantPortTest's static initialiser
String engine = '[engine:junit-jupiter]'

File logDir = new File(basedir, 'target/freeport')
List<File> runs = (logDir.listFiles() ?: []).findAll { it.directory }
assert runs.size() == 1 : "expected one run folder in ${logDir}, found ${runs*.name}"
File run = runs[0]
List<File> eventFiles = run.listFiles().findAll { it.name ==~ /events-\d+\.jsonl/ }
List<Map> events = eventFiles.collectMany { file -> file.readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it) } }

// one event per reservation, each with its test, display name, scope and the helper that asked
assert events.size() == reservations : "${events.size()} events, expected ${reservations}: ${events*.test}"
assert events.count { it.scope == 'class' } == classScoped && events.count { it.scope == 'test' } == reservations - classScoped :
	"scopes: ${events*.scope}"
events.each { event ->
	assert event.test.startsWith("${engine}/[class:com.example.echo.") : "event of ${event.test}"
	assert event.displayName : "no display name: ${event}"
	assert event.element.startsWith('reserveForTest() in com.example.echo.TestPorts.getAvailablePort(TestPorts.java:') : event.element
	assert event.releasedAt != null : "never released: ${event}"
	assert event.fork ==~ /[1-4]/ : "fork '${event.fork}': Surefire's fork number was not read (the pom sets no -Dfreeport.fork)"
}
assert events.findAll { it.scope == 'class' }*.test as Set ==
	["${engine}/[class:com.example.echo.ReconnectTest]", "${engine}/[class:com.example.echo.ConstantPortTest]"] as Set
// the port asked for on a thread the test started belongs to that test, beside its @BeforeEach port
assert events.count { it.test.endsWith('/[method:aWorkerThreadStartsItsOwnServer()]') } == 2
Set pids = events*.pid as Set
assert pids.size() >= 2 && pids.size() <= 4 && eventFiles.size() == pids.size() : "pids ${pids}, files ${eventFiles*.name}"
assert (events*.fork as Set).size() == pids.size() : "fork numbers ${events*.fork as Set} for pids ${pids}"

// when each test and class ran, from Open Test Reporting (one XML per test class: Surefire hands each class to a
// fork as a launcher run of its own). freeport releases a test's ports when JUnit reports the test finished; other
// listeners may be told first, so a lease must lie between the test's start and the next thing JUnit did in
// that fork after it finished (the next test's start, or its class's end).
Map<String, List<Instant>> windows = [:]
int reportsRead = 0
new File(basedir, 'target/open-test-reporting').eachFileRecurse { File xml ->
	if (xml.name != 'open-test-report.xml') return
	reportsRead++
	List nodes = new XmlSlurper(false, false).parse(xml).children().findAll { it.name() in ['e:started', 'e:finished'] }
	Map<String, String> uniqueIds = [:]
	nodes.eachWithIndex { node, index ->
		Instant time = Instant.parse(node.@time.text())
		if (node.name() == 'e:started') {
			String uniqueId = node.depthFirst().find { it.name() == 'junit:uniqueId' }.text()
			uniqueIds[node.@id.text()] = uniqueId
			windows[uniqueId] = [time, null]
		}
		else if (index + 1 < nodes.size()) {
			windows[uniqueIds[node.@id.text()]][1] = Instant.parse(nodes[index + 1].@time.text())
		}
	}
}
assert reportsRead == 5 : "expected 5 open-test-report.xml (one per test class), read ${reportsRead}"
events.each { event ->
	List<Instant> window = windows[event.test]
	assert window != null && window[1] != null : "no start and finish of ${event.test} in the Open Test Reporting XML"
	Instant leased = Instant.parse(event.startedAt)
	Instant released = Instant.parse(event.releasedAt)
	assert !leased.isBefore(window[0]) && released.isBefore(window[1]) :
		"port ${event.port} of ${event.test} was leased ${leased} to ${released}, outside its run ${window[0]} to ${window[1]}"
}

// no port held by two tests at once, across all forks
events.groupBy { it.port }.each { port, leases ->
	leases.sort { Instant.parse(it.startedAt) }.collate(2, 1, false).each { pair ->
		assert !Instant.parse(pair[1].startedAt).isBefore(Instant.parse(pair[0].releasedAt)) :
			"port ${port} held by ${pair[0].test} until ${pair[0].releasedAt} and by ${pair[1].test} from ${pair[1].startedAt}"
	}
}

// the run report counts and names them
String html = new File(run, 'report.html').getText('UTF-8')
int tests = (events*.test as Set).size()
assert html.contains("<dt>allocations</dt><dd>${reservations}</dd>") : 'report.html does not count the allocations'
assert html.contains("<dt>tests</dt><dd>${tests}</dd>") : "report.html does not count ${tests} tests"
events*.displayName.unique().each { name ->
	String escaped = name.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;').replace('"', '&quot;').replace("'", '&#39;')
	assert html.contains(escaped) : "report.html does not name ${name}"
}
String log = new File(basedir, 'build.log').getText('UTF-8')
assert log =~ /\[freeport\] run \S+: ${reservations} ports for ${tests} tests in \d forks?;/ : 'no summary line counting the helper\'s ports'
println "[verify] ${events.size()} leases from TestPorts.getAvailablePort() in ${pids.size()} forks, each within its test; report names ${tests} tests"
return true
