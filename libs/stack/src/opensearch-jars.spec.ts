import { directDependencies, missingJars } from './opensearch-jars';

const pom = `<project>
  <properties>
    <opensearch.version>2.19.6</opensearch.version>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency><groupId>org.opensearch</groupId><artifactId>opensearch</artifactId><version>\${opensearch.version}</version></dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
      <version>2.25.4</version>
    </dependency>
  </dependencies>
</project>`;

describe('directDependencies', () => {
  it('reads each dependency with its property-substituted version', () => {
    expect(directDependencies(pom)).toEqual([
      { groupId: 'org.opensearch', artifactId: 'opensearch', version: '2.19.6' },
      { groupId: 'org.apache.logging.log4j', artifactId: 'log4j-core', version: '2.25.4' },
    ]);
  });
});

describe('missingJars', () => {
  it('names the direct dependencies whose jar is absent', () => {
    const dependencies = directDependencies(pom);
    expect(missingJars(dependencies, ['opensearch-2.19.6.jar', 'log4j-core-2.21.1.jar'])).toEqual(['log4j-core-2.25.4.jar']);
    expect(missingJars(dependencies, ['opensearch-2.19.6.jar', 'log4j-core-2.25.4.jar', 'lucene-core-9.12.3.jar'])).toEqual([]);
  });
});
