package io.hooklane.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SignatureSchemesTest {

    private static SchemeSettings.Builder settings(String scheme) {
        return SchemeSettings.builder().scheme(scheme).source("s").secrets("whsec_c2VjcmV0")
                .signedUrl("https://example.com/square").header("X-Sig")
                .ucpTrustedProfiles("https://merchant.example/.well-known/ucp");
    }

    @Test
    void knows_every_scheme_by_name() {
        assertThat(SignatureSchemes.names()).containsExactly(
                "standard", "stripe", "shopify", "woocommerce", "github", "square", "paddle", "generic", "acp",
                "ucp");
    }

    @Test
    void creates_the_scheme_each_name_stands_for() {
        assertThat(SignatureSchemes.create(settings("standard").build())).isInstanceOf(StandardWebhooksScheme.class);
        assertThat(SignatureSchemes.create(settings("stripe").build())).isInstanceOf(StripeScheme.class);
        assertThat(SignatureSchemes.create(settings("shopify").build())).isInstanceOf(ShopifyScheme.class);
        assertThat(SignatureSchemes.create(settings("woocommerce").build())).isInstanceOf(WooCommerceScheme.class);
        assertThat(SignatureSchemes.create(settings("github").build())).isInstanceOf(GitHubScheme.class);
        assertThat(SignatureSchemes.create(settings("square").build())).isInstanceOf(SquareScheme.class);
        assertThat(SignatureSchemes.create(settings("paddle").build())).isInstanceOf(PaddleScheme.class);
        assertThat(SignatureSchemes.create(settings("generic").build())).isInstanceOf(GenericHmacScheme.class);
        assertThat(SignatureSchemes.create(settings("acp").build())).isInstanceOf(AcpScheme.class);
        assertThat(SignatureSchemes.create(settings("ucp").build())).isInstanceOf(UcpScheme.class);
    }

    @Test
    void accepts_scheme_names_in_any_case() {
        assertThat(SignatureSchemes.create(settings(" GitHub ").build())).isInstanceOf(GitHubScheme.class);
    }

    @Test
    void refuses_an_unknown_scheme_naming_it_and_listing_the_known_ones() {
        assertThatThrownBy(() -> settings("twilio").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hooklane source 's': scheme must be one of [standard, stripe, shopify, woocommerce, "
                        + "github, square, paddle, generic, acp, ucp] but was 'twilio'");
    }

    @Test
    void names_cannot_be_modified() {
        assertThatThrownBy(() -> SignatureSchemes.names().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }
}
