em demo --plot em-demo.svg
