package org.asyncdesk.customer;

import java.security.Principal;
import java.util.List;

import org.asyncdesk.security.TeamScope;
import org.asyncdesk.web.NulCharacters;
import org.asyncdesk.web.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Customer profiles for agents. HTTP Basic against Camunda identity, members of an agent
 * team or above (see {@code org.asyncdesk.security.ApiAuthentication}). An agent sees a
 * customer only with one of their conversations ({@link TeamScope}) and merges only two
 * such customers; escalation managers and administrators see all. A customer the caller
 * may not see answers 404 like an unknown one: their existence is personal data too.
 */
@RestController
@RequestMapping("/api/customers")
class CustomerController {

    private final CustomerService customers;

    private final TeamScope teams;

    CustomerController(CustomerService customers, TeamScope teams) {
        this.customers = customers;
        this.teams = teams;
    }

    /**
     * @param provisional the profile of a conversation whose identity is not confirmed
     * (no identities of its own)
     */
    record CustomerView(String id, String displayName, String tier, String language, List<CustomerIdentity> identities,
            boolean provisional) {
    }

    record MergeRequest(String from, String into) {
    }

    @GetMapping("/{id}")
    CustomerView get(@PathVariable String id, Principal user) {
        Customer customer = customers.find(id).orElseThrow(() -> new CustomerService.UnknownCustomer(id));
        requireVisible(user, customer.id());
        return view(customer);
    }

    /**
     * Merges customer {@code from} into {@code into}: identities and conversations move,
     * {@code from} is gone.
     */
    @PostMapping("/merge")
    CustomerView merge(@RequestBody(required = false) MergeRequest request, Principal user) {
        if (request == null || blank(request.from()) || blank(request.into())) {
            throw new InvalidMerge("send a JSON object with the customer ids 'from' and 'into'");
        }
        if (NulCharacters.in(request.from()) || NulCharacters.in(request.into())) {
            throw new InvalidMerge("customer ids do not contain NUL characters");
        }
        if (request.from().strip().equals(request.into().strip())) {
            throw new InvalidMerge("'from' and 'into' are the same customer");
        }
        String from = request.from().strip();
        String into = request.into().strip();
        for (String id : List.of(from, into)) {
            customers.find(id).orElseThrow(() -> new CustomerService.UnknownCustomer(id));
            requireVisible(user, id);
        }
        return view(customers.merge(from, into, user.getName()));
    }

    private void requireVisible(Principal user, String customerId) {
        if (!teams.seesCustomer(user.getName(), customerId)) {
            throw new CustomerService.UnknownCustomer(customerId);
        }
    }

    private CustomerView view(Customer c) {
        return new CustomerView(c.id(), c.displayName(), c.tier(), c.language(), customers.identitiesOf(c.id()),
                c.provisional());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static class InvalidMerge extends ProblemException {

        InvalidMerge(String detail) {
            super(HttpStatus.BAD_REQUEST, "invalid-merge", "Invalid merge request", detail);
        }

    }

}
