def reports = new File(basedir, "target/surefire-reports")
assert reports.isDirectory() : "the Boot 4.0 application's tests did not run"
def results = reports.listFiles().findAll { it.name.endsWith(".txt") }*.text.join("\n")
assert results.contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0") : results
