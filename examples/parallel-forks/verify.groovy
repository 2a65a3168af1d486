// Run by the root build's maven-invoker-plugin after both invocations (invoker.properties): one on this
// pom's JUnit with a derived run id, one on JUnit 5.12.2 with freeport.run.id=junit-5.12.2.
// Each run must leave: one JSON Lines file per fork, one event per reservation (per test), one report.html;
// and Open Test Reporting must keep freeport's report entries (Surefire's own reports drop them).
import groovy.json.JsonSlurper

int testsPerRun = 24          // 4 classes x (1 static field + 5 repetitions with a parameter)
int forkCount = 4

File logDir = new File(basedir, 'target/freeport')
List<File> runs = (logDir.listFiles() ?: []).findAll { it.directory }.sort { it.name }
assert runs.size() == 2 : "expected 2 run folders in ${logDir} (one per invocation), found ${runs*.name}"
File explicit = runs.find { it.name == 'junit-5.12.2' }
assert explicit != null : "no run folder junit-5.12.2 (freeport.run.id did not reach the forks): ${runs*.name}"
File derived = runs.find { it != explicit }
assert derived.name ==~ /\d{8}-\d{6}-\d+/ : "derived run id ${derived.name} is not <yyyyMMdd-HHmmss>-<pid of mvn>"

int forksSeen = 0
runs.each { File run ->
	List<File> eventFiles = run.listFiles().findAll { it.name ==~ /events-\d+\.jsonl/ }
	List<Map> events = []
	eventFiles.each { File file ->
		long pid = (file.name =~ /events-(\d+)\.jsonl/)[0][1] as long
		file.readLines('UTF-8').findAll { it.trim() }.each { line ->
			Map event = new JsonSlurper().parseText(line)
			assert event.pid == pid : "${file}: an event of pid ${event.pid} in the file of pid ${pid}"
			assert event.run == run.name : "${file}: event of run ${event.run} in folder ${run.name}"
			events << event
		}
	}
	// one file per fork: as many files as processes and as Surefire fork numbers that logged
	Set pids = events*.pid as Set
	Set forks = events*.fork as Set
	assert eventFiles.size() == pids.size() && pids.size() == forks.size() :
		"${run.name}: ${eventFiles.size()} event files, pids ${pids}, fork numbers ${forks}"
	// forkCount=4 and 4 test classes: each fork normally runs one; on a slow machine a fork may get two
	assert eventFiles.size() >= 2 && eventFiles.size() <= forkCount :
		"${run.name}: expected 2 to ${forkCount} forks' files, found ${eventFiles*.name}"
	forksSeen += eventFiles.size()

	// one entry per reservation, i.e. per test: the class's static field and each repetition's parameter
	assert events.size() == testsPerRun : "${run.name}: ${events.size()} events, expected ${testsPerRun}"
	assert (events*.test as Set).size() == testsPerRun : "${run.name}: events for ${(events*.test as Set).size()} distinct tests"
	assert events.count { it.scope == 'parameter' } == 20 && events.count { it.scope == 'static field' } == 4
	assert events.every { it.releasedAt != null && it.port > 0 }

	// exactly one report for the run, covering every fork
	List<File> reports = run.listFiles().findAll { it.name.endsWith('.html') }
	assert reports*.name == ['report.html'] : "${run.name}: expected one report.html, found ${reports*.name}"
	String html = reports[0].getText('UTF-8')
	assert html.contains("<dt>allocations</dt><dd>${testsPerRun}</dd>") : "${run.name}: report.html does not count ${testsPerRun} allocations"
	assert html.contains("<dt>forks</dt><dd>${eventFiles.size()}</dd>") : "${run.name}: report.html does not count ${eventFiles.size()} forks"
	println "[verify] run ${run.name}: ${events.size()} events from ${eventFiles.size()} forks, one report.html"
}

// Open Test Reporting: one XML per fork (output dir target/open-test-reporting/{uniqueNumber}), with
// freeport's report entries, one freeport.port entry per test
List<File> xmls = []
new File(basedir, 'target/open-test-reporting').eachFileRecurse { if (it.name == 'open-test-report.xml') xmls << it }
assert xmls.size() == forksSeen : "expected ${forksSeen} open-test-report.xml (one per fork), found ${xmls.size()}"
int entries = xmls.sum { it.getText('UTF-8').count('<entry key="freeport.port">') }
assert entries == 2 * testsPerRun : "expected ${2 * testsPerRun} freeport.port report entries, found ${entries}"

// the last invocation ran on JUnit 5.12.2 throughout (the junit-bom import aligns engine, platform and launcher)
File surefireReport = new File(basedir, 'target/surefire-reports/TEST-com.example.parallel.OrdersServiceTest.xml')
String testClassPath = (surefireReport.getText('UTF-8') =~ /name="surefire.test.class.path" value="([^"]*)"/)[0][1]
List<String> junitJars = testClassPath.split(File.pathSeparator).collect { new File(it).name }.findAll { it.startsWith('junit-') }
assert junitJars.contains('junit-jupiter-engine-5.12.2.jar') && junitJars.contains('junit-platform-launcher-1.12.2.jar') :
	"the JUnit 5.12.2 invocation ran with ${junitJars}"
assert junitJars.every { it.contains('-5.12.2.jar') || it.contains('-1.12.2.jar') } : "misaligned JUnit jars: ${junitJars}"

// and on the Java the root build asked for (scriptVariables expectedJava: Maven's own, or 25 in examples-java25)
['OrdersServiceTest', 'InventoryServiceTest', 'PaymentsServiceTest', 'ShippingServiceTest'].each { String name ->
	File report = new File(basedir, "target/surefire-reports/TEST-com.example.parallel.${name}.xml")
	String java = (report.getText('UTF-8') =~ /name="java.specification.version" value="([^"]*)"/)[0][1]
	assert java == expectedJava : "${name} ran on Java ${java}, expected ${expectedJava}"
}
println "[verify] the JUnit 5.12.2 invocation ran on Java ${expectedJava}"

// and the build said where the report is, once per run at least
String log = new File(basedir, 'build.log').getText('UTF-8')
assert log =~ /\[freeport\] run \S+: \d+ ports for \d+ tests in \d+ forks?;.*Report: file:/ : 'no [freeport] summary line in build.log'
return true
