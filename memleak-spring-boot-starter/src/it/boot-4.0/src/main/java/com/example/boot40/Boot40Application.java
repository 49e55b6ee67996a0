package com.example.boot40;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class Boot40Application {

	public static void main(String[] args) {
		SpringApplication.run(Boot40Application.class, args);
	}

	@GetMapping("/items/{id}")
	Map<String, Object> item(@PathVariable long id) {
		return Map.of("id", id, "payload", new byte[64 * 1024].length);
	}

}
