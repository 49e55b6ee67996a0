(function () {
	var long = { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' };
	var short = { hour: '2-digit', minute: '2-digit' };
	var seconds = { hour: '2-digit', minute: '2-digit', second: '2-digit' };
	var nodes = document.querySelectorAll('[data-time]');
	for (var i = 0; i < nodes.length; i++) {
		var time = new Date(nodes[i].getAttribute('data-time'));
		if (!isNaN(time.getTime())) {
			var format = nodes[i].getAttribute('data-short');
			nodes[i].textContent = time.toLocaleString(undefined, format === null ? long : format === 's' ? seconds : short);
		}
	}
	var zone = document.getElementById('zone');
	if (zone) {
		zone.textContent = Intl.DateTimeFormat().resolvedOptions().timeZone;
	}
})();
