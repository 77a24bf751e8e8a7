package dev.bulwark.http.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.UnaryOperator;

/** Mints test tokens the way an authorization server would: real keys, real signatures, claims to taste. */
public final class Tokens {

    public static final String ISSUER = "https://issuer.test";
    public static final String HS_SECRET = "a-test-secret-that-is-long-enough-for-hs256!";
    public static final RSAKey RSA = generateRsa("rsa-1");
    public static final RSAKey OTHER_RSA = generateRsa("rsa-2");
    public static final ECKey EC = generateEc("ec-1");

    private Tokens() {}

    /** Claims valid for {@code audience}: issuer, subject {@code alice}, scopes, five minutes to live. */
    public static JWTClaimsSet.Builder claims(String audience, String scope) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("alice")
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .claim("scope", scope);
    }

    public static String hs256(JWTClaimsSet claims) {
        return sign(
                new MACSignerOf(HS_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)).signer(),
                JWSAlgorithm.HS256,
                null,
                claims);
    }

    public static String rs256(RSAKey key, JWTClaimsSet claims) {
        try {
            return sign(new RSASSASigner(key), JWSAlgorithm.RS256, key.getKeyID(), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String es256(ECKey key, JWTClaimsSet claims) {
        try {
            return sign(new ECDSASigner(key), JWSAlgorithm.ES256, key.getKeyID(), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HS256 token whose HMAC key is the RSA public key's encoding: the classic algorithm-confusion attack. */
    public static String hs256WithRsaPublicKey(JWTClaimsSet claims) {
        try {
            return sign(
                    new MACSignerOf(RSA.toRSAPublicKey().getEncoded()).signer(),
                    JWSAlgorithm.HS256,
                    RSA.getKeyID(),
                    claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    public static JWTClaimsSet with(JWTClaimsSet.Builder builder, UnaryOperator<JWTClaimsSet.Builder> change) {
        return change.apply(builder).build();
    }

    private static String sign(JWSSigner signer, JWSAlgorithm alg, String kid, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static RSAKey generateRsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey generateEc(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private record MACSignerOf(byte[] secret) {
        JWSSigner signer() {
            try {
                return new MACSigner(secret);
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
