package com.example.boot40;

import java.util.concurrent.CompletableFuture;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

@Configuration(proxyBeanMethods = false)
@EnableAsync
@EnableScheduling
public class Boot40Jobs {

	@Scheduled(fixedDelay = 100)
	void tick() {
		byte[] scratch = new byte[16 * 1024];
		scratch[0] = 1;
	}

	@Async
	public CompletableFuture<Integer> render(int size) {
		return CompletableFuture.completedFuture(new byte[size].length);
	}

}
