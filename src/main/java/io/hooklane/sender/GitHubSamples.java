package io.hooklane.sender;

import java.util.LinkedHashMap;
import java.util.Map;

/** GitHub has no commerce events: every requested event is sent as an {@code issues} / {@code opened} delivery. */
final class GitHubSamples {

    private static final String ISSUE_OPENED = """
            {"action": "opened",
             "issue": {"url": "https://api.github.com/repos/hooklane/demo-shop/issues/${num:number}",
              "repository_url": "https://api.github.com/repos/hooklane/demo-shop",
              "html_url": "https://github.com/hooklane/demo-shop/issues/${num:number}",
              "id": ${num:issue}, "node_id": "I_kwDO${id:node}", "number": ${num:number},
              "title": "Sample ${event} event",
              "user": {"login": "octocat", "id": 583231, "node_id": "MDQ6VXNlcjU4MzIzMQ==", "type": "User",
               "site_admin": false},
              "labels": [], "state": "open", "locked": false, "assignee": null, "assignees": [],
              "milestone": null, "comments": 0, "created_at": "${now}", "updated_at": "${now}",
              "closed_at": null, "author_association": "OWNER",
              "body": "Sent by Hooklane's SampleSender in place of a ${event} event."},
             "repository": {"id": 786412345, "node_id": "R_kgDOLuZ0OQ", "name": "demo-shop",
              "full_name": "hooklane/demo-shop", "private": false,
              "owner": {"login": "hooklane", "id": 160001234, "type": "Organization", "site_admin": false},
              "html_url": "https://github.com/hooklane/demo-shop", "description": "Hooklane demo storefront",
              "fork": false, "created_at": "2024-04-12T09:30:00Z", "pushed_at": "${now}",
              "default_branch": "main", "visibility": "public"},
             "sender": {"login": "octocat", "id": 583231, "node_id": "MDQ6VXNlcjU4MzIzMQ==", "type": "User",
              "site_admin": false}}""";

    private GitHubSamples() {
    }

    static Map<String, SampleTemplate> all() {
        Map<String, SampleTemplate> out = new LinkedHashMap<>();
        for (String event : SamplePayloads.EVENTS) {
            out.put(event, new SampleTemplate("issues", ISSUE_OPENED));
        }
        return out;
    }
}
