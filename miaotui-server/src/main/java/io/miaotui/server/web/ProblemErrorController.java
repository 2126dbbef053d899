package io.miaotui.server.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach a controller (the servlet container's own 400s, a filter's failure) are answered as
 * problem+json too, in place of Boot's default error body, and carry no exception text.
 */
@Hidden // the container's error page, not an operation of the API
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer i && HttpStatus.resolve(i) != null
                ? HttpStatus.resolve(i) : HttpStatus.INTERNAL_SERVER_ERROR;
        ProblemType type = ProblemType.forErrorStatus(status.value());
        // The error dispatch does not keep the refused method (Tomcat's TRACE arrives here as GET): name none.
        String detail = type == ProblemType.METHOD_NOT_ALLOWED
                ? "This method is not supported here."
                : status.is4xxClientError() ? "The request could not be read." : "The request could not be completed.";
        ProblemDetail problem = new ApiProblem(type, detail).toProblemDetail();
        problem.setStatus(status.value());
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path) {
            problem.setInstance(URI.create(path.replaceAll("[^A-Za-z0-9/_.~-]", "_")));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
